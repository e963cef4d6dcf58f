package org.palisade.core.trunk;

/**
 * A trunk as an admin asks for it.
 *
 * @param peer       HOST, HOST:PORT or [IPv6]:PORT
 * @param transport  null: UDP
 * @param password   plain, sealed before it is stored; null for none
 * @param maxCalls   null: no limit
 * @param priority   null: {@link Trunk#DEFAULT_PRIORITY}
 */
public record NewTrunk(String name, String peer, Transport transport, boolean register, String username, char[] password,
                       Integer maxCalls, Integer priority) {

    @Override
    public String toString() {
        return "NewTrunk[name=" + name + ", peer=" + peer + "]";
    }
}
