#!/usr/bin/env bash
# Makes the spreadsheets that another office suite wrote, which the import
# tests in internal/sheet/office_test.go read with sheet.ReadTable:
#
#   internal/sheet/testdata/teams-libreoffice.xlsx
#       Hatch's own 累计创业团队情况汇总表 template with 20 rows (TableBook, as
#       the 导入模板/export download writes it), opened in LibreOffice, edited
#       there through UNO as a user would, and saved again as .xlsx by
#       LibreOffice: shared strings, LibreOffice's styles and its date and
#       formula cells. The edits: D2 (人数) becomes the formula =2+3; G3
#       (入驻时间) is typed as 2021-03-15; G4 becomes a date cell shown as
#       2021年4月1日; row 22 is a new team typed in LibreOffice, with 人数
#       typed as =4*2 and 投融资金额 typed as 1,234.5.
#   internal/sheet/testdata/teams-libreoffice-from-csv.xlsx
#       a table as office staff make it themselves, not from the template: a
#       title row (merged), a blank row, the header in row 3 with the columns
#       in another order, a 序号 and a 备注 column, no stars, half-width
#       brackets; dates as real date cells in three formats and as text
#       (2021/3/1, 2021年3月1日, 2021.9.30), full-width digits, amounts as text
#       with a thousands separator and as numbers formatted #,##0.00, a blank
#       row between the data and a last row with only a 序号. It is authored
#       below as a flat ODS file (the text form of a Calc document), because
#       plain CSV cannot say which cells are date cells and which are text,
#       and converted to .xlsx by LibreOffice's own filter.
#   internal/sheet/testdata/teams-gbk.csv
#       the same flat ODS saved by LibreOffice's CSV filter in GBK: cells as
#       LibreOffice shows them (a date cell as its format shows it, a number
#       as "1,200.50"), comma-separated, quoted with ".
#
# Why: Hatch's import must read workbooks that Excel did not write. Files
# written by excelize (Hatch itself, and the other tests) are not enough to
# show that; these are LibreOffice's own bytes, so they are committed as
# test data, and the tests need no LibreOffice.
#
# Run by hand, not in CI, after changing the teams table or to move to a
# newer LibreOffice; then commit the three files and update the version in
# internal/sheet/testdata/README.md. LibreOffice stamps the save time into
# each workbook, so a new run changes the bytes but not the cells.
#
# Usage: scripts/make-office-fixtures.sh
# Needs: go, LibreOffice Calc with Python-UNO and iconv. On Debian 12:
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui python3-uno
# Uses a throw-away LibreOffice profile in a temp dir and stops every
# LibreOffice process it starts.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/internal/sheet/testdata"
# Python-UNO is installed for Debian's python3, which a python3 earlier on
# PATH (pyenv, a venv) may hide.
py=/usr/bin/python3

for tool in go soffice iconv "$py"; do
	command -v "$tool" >/dev/null || { echo "make-office-fixtures: $tool not found" >&2; exit 1; }
done
"$py" -c 'import uno' 2>/dev/null || {
	echo "make-office-fixtures: Python-UNO missing (apt-get install python3-uno)" >&2
	exit 1
}

tmp="$(mktemp -d)"
office_pid=""
cleanup() {
	if [[ -n "$office_pid" ]] && kill -0 "$office_pid" 2>/dev/null; then
		# soffice runs oosplash, which runs soffice.bin: stop the child first
		for child in $(ps -o pid= --ppid "$office_pid" 2>/dev/null); do
			kill "$child" 2>/dev/null || true
		done
		kill "$office_pid" 2>/dev/null || true
		wait "$office_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# One locale, whatever the machine's: it decides how typed dates and numbers
# are recognised.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
profile="file://$tmp/profile"
office=(soffice "-env:UserInstallation=$profile" --headless --invisible --nologo
	--norestore --nodefault --nofirststartwizard)

echo "LibreOffice: $(soffice --version)"
mkdir -p "$out"

# --- (a) Hatch's template, from TableBook ---------------------------------
# The generator imports hatch/internal/..., which Go allows only from inside
# the module; -overlay places it there without writing into the repository.
gen_dir="$root/scripts/office-fixtures-gen.tmp"
mkdir -p "$tmp/gen"
cat >"$tmp/gen/main.go" <<'EOF'
// Writes the teams table's workbook as Hatch's 导入模板/export does, with
// the first N of the rows below. Arguments: OUT.xlsx N
package main

import (
	"log"
	"os"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/sheet"
)

func main() {
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	b, err := sheet.TableBook(form.Makerspace.Table("teams"), sheet.Guide{
		Round: "2021年度众创空间国家备案", Cutoff: "2021-10-31",
		WindowFrom: "2020-11-01", WindowTo: "2021-10-31", Operating: "2020-04-30",
	}, rows()[:n])
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(os.Args[1], b, 0o644); err != nil {
		log.Fatal(err)
	}
}

// rows are 20 teams: 10 在孵, 5 已注册为企业, 5 已迁出, every third financed.
func rows() []domain.Values {
	names := []string{"星火", "燎原", "青禾", "墨子量子", "北斗导航", "碳索", "知微", "云帆", "稷下", "鲲鹏",
		"芯途", "微光医疗", "智耕", "蓝海材料", "天工", "绿源", "启明", "锐思", "深蓝", "长风"}
	leaders := []string{"张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "冯一", "陈二",
		"褚建国", "卫晓燕", "蒋志远", "沈婷", "韩磊", "杨帆", "朱丽", "秦川", "尤佳", "许诺"}
	fields := []string{"电子信息", "生物与新医药", "新材料", "高技术服务", "新能源与节能",
		"资源与环境", "先进制造与自动化", "航空航天", "其他"}
	finance := []string{"天使投资", "风险投资", "银行贷款", "政府资助"}
	var out []domain.Values
	for i := range names {
		month := i%9 + 1
		r := domain.Values{
			"name":      names[i] + "团队",
			"leader":    leaders[i],
			"members":   strconv.Itoa(3 + i%7),
			"project":   names[i] + "项目",
			"field":     fields[i%len(fields)],
			"joined_on": "2020-" + two(month+3) + "-" + two(i+1),
			"financed":  "否",
		}
		switch {
		case i < 10:
			r["state"] = "在孵"
		case i < 15:
			r["state"] = "已注册为企业"
			r["company"] = names[i] + "（北京）科技有限公司"
			r["company_uscc"] = ident.USCCWithCheck("91110108MA0" + strconv.Itoa(10000+i*37))
			r["registered_on"] = "2021-" + two(month) + "-15"
		default:
			r["state"] = "已迁出"
			r["moved_out_on"] = "2021-" + two(month) + "-28"
		}
		if i%3 == 0 {
			r["financed"] = "是"
			r["financed_on"] = "2021-0" + strconv.Itoa(i%9+1) + "-08"
			r["amount"] = strconv.Itoa(50*(i+1)) + ".5"
			r["finance_type"] = finance[i%len(finance)]
		}
		out = append(out, r)
	}
	return out
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
EOF
printf '{"Replace": {"%s/main.go": "%s/gen/main.go"}}\n' "$gen_dir" "$tmp" >"$tmp/overlay.json"
(cd "$root" && go run -overlay "$tmp/overlay.json" "$gen_dir" "$tmp/teams-hatch.xlsx" 20)

# LibreOffice edits it as a person would, through UNO, and saves it.
cat >"$tmp/edit.py" <<'EOF'
import sys, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale

pipe, src, dst = sys.argv[1:4]

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(600):
    try:
        ctx = resolver.resolve(
            "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except Exception:
        time.sleep(0.1)
else:
    sys.exit("LibreOffice did not answer on pipe " + pipe)
desktop = ctx.ServiceManager.createInstanceWithContext(
    "com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(
    uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
sh = doc.Sheets.getByName("累计创业团队情况汇总表")
cell = sh.getCellRangeByName

# setFormula is what typing into a cell does: the text is recognised as a
# formula, number or date by the cell's format, or stays text.
cell("D2").setFormula("=2+3")        # 人数 as a formula
cell("G3").setFormula("2021-03-15")  # 入驻时间 typed as a date

# 入驻时间 as a date cell in a Chinese date format
fmts = doc.NumberFormats
zh = Locale("zh", "CN", "")
code = 'YYYY"年"M"月"D"日"'
key = fmts.queryKey(code, zh, False)
if key == -1:
    key = fmts.addNew(code, zh)
cell("G4").setValue(44287)  # 2021-04-01
cell("G4").NumberFormat = key

# a new team typed below the template's rows
typed = {"A": "新星团队", "B": "欧阳娜娜", "C": "在孵", "D": "=4*2",
         "E": "新星项目", "F": "电子信息", "G": "2021-06-30", "L": "是",
         "M": "2021-07-01", "N": "1,234.5", "O": "风险投资"}
for col, text in typed.items():
    cell(col + "22").setFormula(text)

doc.calculateAll()
doc.storeToURL(uno.systemPathToFileUrl(dst),
               (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:  # the bridge goes down with LibreOffice
    pass
EOF
pipe="hatch-fixtures-$$"
"${office[@]}" "--accept=pipe,name=$pipe;urp;StarOffice.ComponentContext" &
office_pid=$!
"$py" "$tmp/edit.py" "$pipe" "$tmp/teams-hatch.xlsx" "$tmp/teams-libreoffice.xlsx"
wait "$office_pid" || true
office_pid=""

# --- (b) and (c) a table made by hand ------------------------------------
# Cells: s = text, n = number, d = date cell, each with an optional style:
# slash (YYYY/M/D), cn (YYYY年M月D日), iso (YYYY-MM-DD), thousands (#,##0.00).
cat >"$tmp/messy.py" <<'EOF'
import sys
from xml.sax.saxutils import escape

header = ["序号", "团队名称", "团队负责人", "入驻时间", "团队状态", "创业团队人员数量(人)",
          "项目名称", "技术领域", "是否获得投融资", "获得时间", "投融资金额(万元)",
          "投融资类型", "注册企业名称", "注册企业统一社会信用代码", "转化为企业注册时间",
          "迁出时间", "备注"]
S = lambda v: ("s", v)
N = lambda v, st="": ("n", v, st)
D = lambda v, st="iso": ("d", v, st)
E = None
rows = [
    [N(1), S("星火团队"), S("张三"), D("2021-03-01", "slash"), S("在孵"), N(5),
     S("星火项目"), S("电子信息"), S("是"), S("2021年6月1日"), N(1200.5, "thousands"),
     S("天使投资"), E, E, E, E, S("首批入驻")],
    [N(2), S("燎原团队"), S("李四"), S("2021/3/1"), S("在孵"), S("１２"),
     S("燎原项目"), S("新材料"), S("否"), E, E, E, E, E, E, E, E],
    [N(3), S("青禾团队"), S("王五"), S("2021年3月1日"), S("在孵"), S("８"),
     S("青禾项目"), S("生物与新医药"), S("是"), D("2021-07-15", "cn"), S("1,200.5"),
     S("风险投资"), E, E, E, E, E],
    [N(4), S("墨子量子团队"), S("赵六"), D("2021-04-15", "cn"), S("在孵"), N(7),
     S("量子通信"), S("电子信息"), S("否"), E, E, E, E, E, E, E, S("—")],
    [N(5), S("北斗导航团队"), S("孙七"), D("2021-05-20"), S("在孵"), S(" 9 "),
     S("北斗终端"), S("航空航天"), S("是"), S("2021/8/8"), N(35000, "thousands"),
     S("银行贷款"), E, E, E, E, E],
    [N(6), S("碳索团队"), S("周八"), S("2021-6-1"), S("在孵"), N(4),
     S("碳排放监测"), S("资源与环境"), S("否"), E, E, E, E, E, E, E, E],
    None,  # a blank row in the middle
    [N(7), S("芯途团队"), S("褚建国"), D("2020-09-01", "slash"), S("已注册为企业"), S("—"),
     S("芯途项目"), S("电子信息"), S("否"), E, E, E, S("芯途（北京）科技有限公司"),
     S("91110108MA01WKQ7X8"), D("2021-01-15", "cn"), E, E],
    [N(8), S("微光医疗团队"), S("卫晓燕"), S("2020年10月8日"), S("已注册为企业"), E,
     S("微光项目"), S("生物与新医药"), S("是"), D("2021-02-02"), S("３００"),
     S("政府资助"), S("微光医疗（北京）有限公司"), S("91110108MA01XX0T59"), S("2021/3/3"), E, E],
    [N(9), S("智耕团队"), S("蒋志远"), D("2020-11-11", "slash"), S("已迁出"), E,
     S("智慧农业"), S("先进制造与自动化"), S("否"), E, E, E, E, E, E, S("2021.9.30"), S("迁往天津")],
    [N(10), S("蓝海材料团队"), S("沈婷"), S("2020/12/1"), S("已迁出"), E,
     S("蓝海项目"), S("新材料"), S("否"), E, E, E, E, E, E, D("2021-10-31", "cn"), E],
    [N(11), S("天工团队"), S("欧阳娜娜"), D("2021-01-04", "slash"), S("在孵"), S("１０"),
     S("天工开物"), S("高技术服务"), S("是"), D("2021-10-01", "slash"), N(88.88, "thousands"),
     S("股权融资"), E, E, E, E, E],
    [N(12), S("绿源团队"), S("杨帆"), S("2021年2月28日"), S("在孵"), N(6),
     S("绿源项目"), S("新能源与节能"), S("否"), E, E, E, E, E, E, E, E],
    [N(13)],  # a 序号 with nothing else: not a row of the table
]

def cell(c):
    if c is None:
        return "<table:table-cell/>"
    kind, value = c[0], c[1]
    style = c[2] if len(c) > 2 and c[2] else ""
    attr = ' table:style-name="ce_%s"' % style if style else ""
    if kind == "s":
        return ('<table:table-cell office:value-type="string"%s><text:p>%s</text:p>'
                '</table:table-cell>' % (attr, escape(value)))
    if kind == "n":
        return ('<table:table-cell office:value-type="float" office:value="%s"%s>'
                '</table:table-cell>' % (value, attr))
    return ('<table:table-cell office:value-type="date" office:date-value="%s"%s>'
            '</table:table-cell>' % (value, attr))

out = ['''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N_slash"><number:year number:style="long"/><number:text>/</number:text><number:month/><number:text>/</number:text><number:day/></number:date-style>
 <number:date-style style:name="N_cn"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text><number:day/><number:text>日</number:text></number:date-style>
 <number:date-style style:name="N_iso"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <number:number-style style:name="N_thousands"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
 <style:style style:name="ce_slash" style:family="table-cell" style:data-style-name="N_slash"/>
 <style:style style:name="ce_cn" style:family="table-cell" style:data-style-name="N_cn"/>
 <style:style style:name="ce_iso" style:family="table-cell" style:data-style-name="N_iso"/>
 <style:style style:name="ce_thousands" style:family="table-cell" style:data-style-name="N_thousands"/>
 <style:style style:name="ce_title" style:family="table-cell"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="ce_head" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="团队情况">
<table:table-column table:number-columns-repeated="17"/>
<table:table-row><table:table-cell office:value-type="string" table:style-name="ce_title" table:number-columns-spanned="8" table:number-rows-spanned="1"><text:p>海淀创客空间 累计创业团队情况（截至2021年10月31日）</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="7"/></table:table-row>
<table:table-row><table:table-cell/></table:table-row>''']
out.append("<table:table-row>" + "".join(
    cell(("s", h, "head")) for h in header) + "</table:table-row>")
for r in rows:
    out.append("<table:table-row>" + ("".join(cell(c) for c in r) if r else "<table:table-cell/>")
               + "</table:table-row>")
out.append("</table:table>\n</office:spreadsheet></office:body>\n</office:document>\n")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out))
EOF
"$py" "$tmp/messy.py" "$tmp/teams-libreoffice-from-csv.fods"
"${office[@]}" --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp" \
	"$tmp/teams-libreoffice-from-csv.fods"

# CSV filter options: separator 44 (,), text delimiter 34 ("), character
# set 67 (RTL_TEXTENCODING_GBK). LibreOffice 7.4 takes only the number here: with
# the name "GBK" it writes UTF-8 without a word, hence the check below.
"${office[@]}" --convert-to 'csv:Text - txt - csv (StarCalc):44,34,67' --outdir "$tmp" \
	"$tmp/teams-libreoffice-from-csv.fods"
if iconv -f UTF-8 -t UTF-8 "$tmp/teams-libreoffice-from-csv.csv" >/dev/null 2>&1 ||
	! iconv -f GBK -t UTF-8 "$tmp/teams-libreoffice-from-csv.csv" >/dev/null; then
	echo "make-office-fixtures: the CSV is not GBK" >&2
	exit 1
fi

# Only now, with all three made, replace the committed files.
cp "$tmp/teams-libreoffice.xlsx" "$tmp/teams-libreoffice-from-csv.xlsx" "$out/"
cp "$tmp/teams-libreoffice-from-csv.csv" "$out/teams-gbk.csv"

echo "Wrote:"
ls -l "$out/teams-libreoffice.xlsx" "$out/teams-libreoffice-from-csv.xlsx" "$out/teams-gbk.csv"
