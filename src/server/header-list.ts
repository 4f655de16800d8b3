/**
 * The members of a comma-separated header field (RFC 9110, section 5.6.1), trimmed
 * and lower-cased, for the fields whose members are case-insensitive tokens. Empty
 * members (`gzip,,deflate`, a trailing comma) are dropped, as the RFC asks of a
 * recipient. Node joins repeated header lines with `, `, so one field or several
 * read alike.
 */
export function listMembers(fieldValue: string): string[] {
  return fieldValue
    .split(',')
    .map((member) => member.trim().toLowerCase())
    .filter((member) => member !== '');
}
