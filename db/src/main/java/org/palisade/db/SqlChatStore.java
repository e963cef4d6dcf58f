package org.palisade.db;

import java.util.List;
import java.util.Locale;
import org.palisade.core.chat.ChatMessage;
import org.palisade.core.chat.ChatQuery;
import org.palisade.core.chat.ChatState;
import org.palisade.core.storage.ChatStore;

final class SqlChatStore implements ChatStore {

    private final ChatMapper mapper;

    SqlChatStore(ChatMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public long insert(ChatMessage m) {
        ChatMapper.Key key = new ChatMapper.Key();
        mapper.insert(new ChatMapper.Row(null, m.sentAtMillis(), m.sender(), m.recipient(), m.contentType(), m.body(),
                m.encoding().name(), m.sizeBytes(), m.sha256(), m.callId(), m.state().name(), m.sipCode(), m.stateAtMillis(),
                m.source()), key);
        return key.id;
    }

    @Override
    public boolean changeState(long id, List<ChatState> from, ChatState to, Integer sipCode, long nowMillis) {
        return mapper.changeState(id, from.stream().map(Enum::name).toList(), to.name(), sipCode, nowMillis) == 1;
    }

    @Override
    public int expireStored(String recipient, long sentBefore, long nowMillis) {
        return mapper.expireStored(recipient, sentBefore, nowMillis);
    }

    @Override
    public List<ChatMessage> stored(String recipient) {
        return mapper.stored(recipient).stream().map(SqlChatStore::toMessage).toList();
    }

    @Override
    public List<ChatMessage> list(ChatQuery q) {
        String pattern = q.text() == null ? null : "%" + escapeLike(q.text().toLowerCase(Locale.ROOT)) + "%";
        return mapper.list(q.extension(), pattern, q.since() == null ? null : q.since().toEpochMilli(),
                        q.until() == null ? null : q.until().toEpochMilli(), q.limit())
                .stream().map(SqlChatStore::toMessage).toList();
    }

    /** What the auditor typed is matched literally: %, _ and the escape character itself are escaped. */
    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static ChatMessage toMessage(ChatMapper.Row r) {
        return new ChatMessage(r.id(), r.sentAt(), r.sender(), r.recipient(), r.contentType(), r.body(),
                ChatMessage.Encoding.valueOf(r.bodyEncoding()), r.bodySize(), r.bodySha256(), r.callId(), ChatState.valueOf(r.state()),
                r.sipCode(), r.stateAt(), r.source());
    }
}
