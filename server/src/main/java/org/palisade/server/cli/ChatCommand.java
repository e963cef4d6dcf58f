package org.palisade.server.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.palisade.core.chat.ChatMessage;
import org.palisade.core.chat.ChatQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The chat archive for auditors: read-only. */
@Command(name = "chat", description = "Read the chat archive (read-only).", mixinStandardHelpOptions = true)
final class ChatCommand {

    private static final Pattern NUMBER = Pattern.compile("[0-9A-Za-z+*#._-]{1,64}");
    /** The table shows this much of a body; --json shows all of it. */
    private static final int TABLE_BODY = 60;

    private final Cli cli;

    ChatCommand(Cli cli) {
        this.cli = cli;
    }

    @Command(name = "list", description = "Messages sent or received by an extension, newest first.")
    int list(@Option(names = "--extension", required = true, paramLabel = "N", description = "sender or recipient") String extension,
             @Option(names = "--since", paramLabel = "TIME", description = "ISO 8601 time or date, or an age such as 1h, 7d") String since,
             @Option(names = "--limit", defaultValue = "100") int limit,
             @Option(names = "--json") boolean json) {
        if (!NUMBER.matcher(extension).matches()) {
            throw new IllegalArgumentException("extension: 1 to 64 digits, letters or + * # . _ -, got '" + extension + "'");
        }
        return print(new ChatQuery(extension, null, since(since), limit(limit)), json);
    }

    @Command(name = "search", description = "Messages whose text contains TEXT (case-insensitive), newest first.")
    int search(@Parameters(paramLabel = "TEXT", description = "matched literally; % and _ have no special meaning") String text,
               @Option(names = "--since", paramLabel = "TIME", description = "ISO 8601 time or date, or an age such as 1h, 7d") String since,
               @Option(names = "--limit", defaultValue = "100") int limit,
               @Option(names = "--json") boolean json) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("text: must not be empty");
        }
        if (text.length() > 1000) {
            throw new IllegalArgumentException("text: at most 1000 characters");
        }
        return print(new ChatQuery(null, text, since(since), limit(limit)), json);
    }

    private int print(ChatQuery query, boolean json) {
        List<ChatMessage> found = cli.database().inTransaction(tx -> tx.chats().list(query));
        List<Map<String, Object>> rows = found.stream().map(m -> row(m, json)).toList();
        if (json) {
            Output.json(cli.out, rows);
        } else {
            Output.table(cli.out, List.of("time", "from", "to", "state", "code", "type", "size", "body"), rows);
        }
        return 0;
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > 100_000) {
            throw new IllegalArgumentException("limit: between 1 and 100000, got " + limit);
        }
        return limit;
    }

    private static Instant since(String since) {
        return since == null ? null : TimeArg.parse("since", since, Instant.now());
    }

    private static Map<String, Object> row(ChatMessage m, boolean json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", m.id());
        r.put("time", m.sentAt().toString());
        r.put("from", m.sender());
        r.put("to", m.recipient());
        r.put("state", m.state().name());
        r.put("code", m.sipCode());
        r.put("type", m.contentType());
        r.put("size", m.sizeBytes());
        boolean text = m.encoding() == ChatMessage.Encoding.TEXT;
        if (json) {
            r.put("encoding", m.encoding().name());
            r.put("body", m.body());
            r.put("sha256", m.sha256());
            r.put("call_id", m.callId());
            r.put("source", m.source());
            r.put("state_time", Instant.ofEpochMilli(m.stateAtMillis()).toString());
        } else {
            String body = text ? m.body() : "(" + m.sizeBytes() + " bytes, base64 in --json)";
            r.put("body", body.length() > TABLE_BODY ? body.substring(0, TABLE_BODY - 3) + "..." : body);
        }
        return r;
    }
}
