/**
 * The records: what happened, for reading and never for changing. Call detail records
 * ({@code /api/cdr}, the CSV export {@code /api/cdr.csv} and {@code /api/cdr/summary}) for admins,
 * auditors and finance; the audit log ({@code /api/audit}, {@code /api/audit/verify}) and the chat
 * archive ({@code /api/chat}) for admins and auditors. Only GET routes: no role can edit or remove
 * an audit entry or an archived message through the web.
 *
 * <p>One class per endpoint family, each with {@code register(Routes)};
 * {@link org.palisade.web.records.RecordsApi} registers them all. Query parameters are read
 * strictly ({@code QueryParams}): an unknown or repeated parameter is a 400 naming it, so that a
 * misspelt filter never widens an export. Exports and chat searches are audited (CDR_EXPORTED,
 * CHAT_SEARCHED) through {@link org.palisade.web.api.WebAudit}.
 */
package org.palisade.web.records;
