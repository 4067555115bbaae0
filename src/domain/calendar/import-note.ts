/** The note on day overrides that came from a production calendar file (see xml-import.ts). */
export const IMPORT_NOTE = 'Производственный календарь из файла'
