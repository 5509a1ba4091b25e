// A CSV cell that begins with =, +, -, @, a tab or a carriage return (or their full-width forms)
// is run as a formula by Excel, LibreOffice and Google Sheets: a citizen's "=HYPERLINK(…)"
// would become a live link in a sheet that can hold identities. Such a cell gets a leading
// apostrophe, which spreadsheets show as text (OWASP, "CSV Injection").
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
