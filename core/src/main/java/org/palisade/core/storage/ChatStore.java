package org.palisade.core.storage;

import java.util.List;
import org.palisade.core.chat.ChatMessage;
import org.palisade.core.chat.ChatQuery;
import org.palisade.core.chat.ChatState;

/** The chat archive. Rows are never deleted; only a message's delivery state changes. */
public interface ChatStore {

    /** @return the new row's id */
    long insert(ChatMessage message);

    /**
     * Moves a message to {@code to} only if its state is one of {@code from}, so that two nodes
     * (or a late answer and the expiry sweep) cannot both decide its fate.
     *
     * @return true if this call changed it
     */
    boolean changeState(long id, List<ChatState> from, ChatState to, Integer sipCode, long nowMillis);

    /** STORED messages sent before {@code sentBefore} become EXPIRED; all recipients when {@code recipient} is null. */
    int expireStored(String recipient, long sentBefore, long nowMillis);

    /** The STORED messages for {@code recipient}, oldest first. */
    List<ChatMessage> stored(String recipient);

    /** Newest first, at most {@code query.limit()}. */
    List<ChatMessage> list(ChatQuery query);
}
