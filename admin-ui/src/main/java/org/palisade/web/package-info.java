/**
 * The admin web server: {@link org.palisade.web.WebServer} runs Jetty 12 (core handlers, no
 * servlets) with the JSON API, {@code /health}, {@code /metrics} and the static UI.
 *
 * <p>Packages, one concern each:
 * <ul>
 *   <li>{@code api}: what endpoint authors use (routes, requests, responses, audit); start there;</li>
 *   <li>{@code http}: the Jetty side: the dispatcher and its checks, error mapping, static files,
 *       security headers;</li>
 *   <li>{@code session}: login (local accounts, and directory users through {@code DirectoryLogins}), logout,
 *       sessions, CSRF tokens, login throttling;</li>
 *   <li>{@code health}, {@code metrics}: the named checks and meters the server module fills in;</li>
 *   <li>{@code accounts}: {@code /api/admin-users}, the first endpoints built on {@code api};</li>
 *   <li>{@code dialplan}: {@code /api/trunks} (with their live status), {@code /api/routes}, {@code /api/dids};
 *       {@code relays}: {@code /api/relay-nodes} with their health;</li>
 *   <li>{@code extensions}: {@code /api/extensions} (with live registrations, the CSV export and the bulk
 *       import), {@code /api/registrations}, self-service {@code /api/me*}; {@code profiles}: {@code /api/profiles};</li>
 *   <li>{@code live}: {@code /api/calls}, {@code /api/services} (the kill switch), {@code /api/dashboard};</li>
 *   <li>{@code records}: read only: {@code /api/cdr}, the streamed {@code /api/cdr.csv}, {@code /api/cdr/summary},
 *       {@code /api/audit} (with {@code /verify}), {@code /api/chat}.</li>
 * </ul>
 *
 * <p>Wiring, as the server module does it:
 * <pre>{@code
 * WebServer web = new WebServer(settings, storage, clock);
 * new AdminUserApi(accounts).register(web.routes());
 * web.health().register("sip", () -> HealthChecks.Status.ok("udp 5060, tcp 5060"));
 * web.metrics().gauge("palisade.registrations", "Registered contacts", registrar::bindingCount);
 * web.start();
 * }</pre>
 */
package org.palisade.web;
