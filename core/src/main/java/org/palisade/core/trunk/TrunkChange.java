package org.palisade.core.trunk;

/** The fields an admin changes on a trunk; null leaves a field as it is. */
public record TrunkChange(String peer, Transport transport, Boolean register, String username, char[] password, Integer maxCalls,
                          Integer priority, Boolean enabled) {

    public boolean isEmpty() {
        return peer == null && transport == null && register == null && username == null && password == null && maxCalls == null
                && priority == null && enabled == null;
    }

    @Override
    public String toString() {
        return "TrunkChange[peer=" + peer + ", password=" + (password == null ? "unchanged" : "new") + "]";
    }
}
