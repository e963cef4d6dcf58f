package org.palisade.web.api;

import org.palisade.core.account.Role;

/** The web user a request runs as: the account name and its role, as at login. */
public record Principal(String username, Role role) {

    /**
     * How the audit log names this user as the actor of a change: {@code web:alice}, as the CLI
     * writes {@code cli:<os-user>}, so an auditor can tell which door a change came through.
     */
    public String actor() {
        return "web:" + username;
    }
}
