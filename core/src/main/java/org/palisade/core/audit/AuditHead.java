package org.palisade.core.audit;

/** The newest link of the chain, kept apart from the entries so that cutting the tail shows. */
public record AuditHead(long lastSeq, String lastHash) {

    public static final AuditHead EMPTY = new AuditHead(0, AuditChain.GENESIS);
}
