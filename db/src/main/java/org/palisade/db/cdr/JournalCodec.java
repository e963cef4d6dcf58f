package org.palisade.db.cdr;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.palisade.core.call.CallStarted;
import org.palisade.core.cdr.CallRecord;

/** One journal event per line: {"open":{...CallStarted}} or {"cdr":{...CallRecord}}. */
final class JournalCodec {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(CallStarted open, CallRecord cdr) {
    }

    // Unknown fields are skipped so that a journal written by a newer version still replays after a downgrade.
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The line with its newline, UTF-8. */
    byte[] encode(Object event) {
        Line line = event instanceof CallRecord r ? new Line(null, r) : new Line((CallStarted) event, null);
        try {
            byte[] body = json.writeValueAsBytes(line);
            byte[] withNewline = java.util.Arrays.copyOf(body, body.length + 1);
            withNewline[body.length] = '\n';
            return withNewline;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a CallStarted or a CallRecord */
    Object decode(String text) throws IOException {
        Line line = json.readValue(text, Line.class);
        if (line.cdr() != null) {
            return line.cdr();
        }
        if (line.open() != null && line.open().callId() != null) {
            return line.open();
        }
        throw new IOException("neither an open call nor a record");
    }
}
