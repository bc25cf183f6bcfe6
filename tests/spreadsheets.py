"""Every way Excel and other tools write a CSV: (encoding, separator). Each reader of
CSV files (uploads in the app, the engine's files) is tested on all of them."""

SPREADSHEETS = {
    "Swedish Excel, CSV UTF-8": ("utf-8-sig", ";"),
    "Swedish Excel, older (Windows-1252)": ("cp1252", ";"),
    "English Excel / Google Sheets": ("utf-8", ","),
    "Excel 'Unicode text' (UTF-16, tab)": ("utf-16", "\t"),
    "UTF-8 without BOM, tab": ("utf-8", "\t"),
}
