package org.palisade.sip;

/** Where a request really came from: the packet's address, not what its Via claims. */
public record Source(String host, int port, String transport) {

    @Override
    public String toString() {
        return host + ":" + port + "/" + transport;
    }
}
