package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// apiOrgSummary is the operator as the 首页 shows it.
type apiOrgSummary struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	USCC       string `json:"uscc"`
	RepName    string `json:"rep_name"`
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	CertStatus string `json:"cert_status"`
	CertLabel  string `json:"cert_label"`
}

// apiCarrierGroup is the carriers of one kind, one section of the 首页.
type apiCarrierGroup struct {
	Kind  string       `json:"kind"`
	Label string       `json:"label"`
	Items []apiCarrier `json:"items"`
}

// apiHome is the 首页: the operator and its carriers, every kind listed in
// the page's order even when empty.
type apiHome struct {
	Org      apiOrgSummary     `json:"org"`
	Carriers []apiCarrierGroup `json:"carriers"`
}

func homeOf(h service.Home) apiHome {
	o := h.Org
	out := apiHome{
		Org: apiOrgSummary{
			ID:         o.ID,
			Name:       o.Name,
			USCC:       o.USCC,
			RepName:    o.RepName,
			Region:     o.RegionCode,
			RegionName: o.RegionName,
			CertStatus: string(o.CertStatus),
			CertLabel:  o.CertStatus.Label(),
		},
	}
	for _, k := range domain.CarrierKinds {
		out.Carriers = append(
			out.Carriers,
			apiCarrierGroup{Kind: string(k), Label: k.Label(), Items: carriersOf(h.Carriers[k])},
		)
	}
	return out
}

func (s *Server) apiHome(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.Home(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, homeOf(h))
}
