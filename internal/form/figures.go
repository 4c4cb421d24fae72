package form

// Figures are an application's key figures as a department's 推荐表 lists
// them, counted by the same rules as the 备案条件 (C4, C5, C6, C9), so that
// the table and the conditions panel never disagree.
type Figures struct {
	Area       float64 // 总面积, m²
	Stations   int     // 工位数
	Settled    int     // 当年入驻团队和企业: moved in during the window, with an agreement
	Converted  int     // teams registered as an enterprise during the window
	Financed   int     // teams and enterprises financed during the window, each entity once
	Activities int     // activities held during the window
}

// Figures counts the application's key figures.
func (a *App) Figures() Figures {
	teams, firms := a.settled()
	return Figures{
		Area:       a.sum("venues", "area"),
		Stations:   int(a.sum("venues", "stations")),
		Settled:    teams + firms,
		Converted:  a.converted(),
		Financed:   len(a.financed()),
		Activities: a.activitiesHeld(),
	}
}
