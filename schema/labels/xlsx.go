package labels

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/threadset/threadset/schema"
)

// FormatXLSX is an Excel workbook: one sheet of tasks, as in CSV.
const FormatXLSX = "xlsx"

// xlsxSheet is the name of the tasks sheet.
const xlsxSheet = "tasks"

// xlsxMagic starts every .xlsx file (a zip archive).
var xlsxMagic = []byte("PK\x03\x04")

// writeXLSX writes the tasks as a workbook with the CSV's columns. Every
// cell is written as a string, so that no text ever runs as a formula
// (no ' is needed, unlike CSV); a column of one closed vocabulary gets a
// drop-down list of its values.
func writeXLSX(w io.Writer, tasks []Task, cols []*schema.LabelColumn) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := f.SetSheetName("Sheet1", xlsxSheet); err != nil {
		return err
	}
	header := []string{"item_id", "item_table", "article_title", "context", "author", "text"}
	for _, c := range cols {
		header = append(header, c.Name)
	}
	set := func(col, row int, v string) error {
		name, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		return f.SetCellStr(xlsxSheet, name, v)
	}
	for i, h := range header {
		if err := set(i+1, 1, h); err != nil {
			return err
		}
	}
	for r, t := range tasks {
		for i, v := range []string{t.ItemID, t.ItemTable, t.ArticleTitle, contextText(t.Context), t.Author, t.Text} {
			if err := set(i+1, r+2, v); err != nil {
				return err
			}
		}
	}
	for i, c := range cols {
		if c.Type != schema.LabelOne || len(c.Values) == 0 || len(tasks) == 0 {
			continue
		}
		vals := make([]string, len(c.Values))
		for j, v := range c.Values {
			vals[j] = v.Value
		}
		first, err := excelize.CoordinatesToCellName(7+i, 2)
		if err != nil {
			return err
		}
		last, err := excelize.CoordinatesToCellName(7+i, len(tasks)+1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = first + ":" + last
		if err := dv.SetDropList(vals); err != nil {
			continue // a list too long for a drop-down: the column stays free
		}
		if err := f.AddDataValidation(xlsxSheet, dv); err != nil {
			return err
		}
	}
	if err := f.SetPanes(xlsxSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// readXLSX reads the first sheet of a workbook (the "tasks" sheet when
// there is one) as CSV is read: a header row and one row per item, rows
// numbered as the spreadsheet shows them.
func readXLSX(file string, data []byte, ls *schema.LabelSet) ([]cell, []Problem) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, []Problem{{File: file, Msg: "not a readable .xlsx workbook: " + err.Error()}}
	}
	defer func() { _ = f.Close() }()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, []Problem{{File: file, Msg: "the workbook has no sheet"}}
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if s == xlsxSheet {
			sheet = s
		}
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, []Problem{{File: file, Msg: fmt.Sprintf("sheet %q: %v", sheet, err)}}
	}
	if len(rows) == 0 {
		return nil, []Problem{{File: file, Msg: fmt.Sprintf("sheet %q is empty: no header row", sheet)}}
	}
	header := make([]string, len(rows[0]))
	for i, h := range rows[0] {
		header[i] = strings.TrimSpace(h)
	}
	if !hasAny(header, idColumns) {
		return nil, missingID(file, header)
	}
	var (
		out      []cell
		problems []Problem
	)
	for i, rec := range rows[1:] {
		n := i + 2 // the header is row 1
		m := map[string]string{}
		empty := true
		for j, h := range header {
			if j < len(rec) && h != "" {
				m[h] = rec[j]
				empty = empty && strings.TrimSpace(rec[j]) == ""
			}
		}
		if empty {
			continue
		}
		cs, p := rowCells(file, n, m, ls)
		if p != nil {
			problems = append(problems, *p)
			continue
		}
		out = append(out, cs...)
	}
	return out, problems
}
