/**
 * The admin web server: {@link org.palisade.web.WebServer} runs Jetty 12 (core handlers, no
 * servlets) with the JSON API, {@code /health}, {@code /metrics} and the static UI.
 *
 * <p>Packages, one concern each:
 * <ul>
 *   <li>{@code api}: what endpoint authors use (routes, requests, responses, audit); start there;</li>
 *   <li>{@code http}: the Jetty side: the dispatcher and its checks, error mapping, static files,
 *       security headers;</li>
 *   <li>{@code session}: login, logout, sessions, CSRF tokens, login throttling;</li>
 *   <li>{@code health}, {@code metrics}: the named checks and meters the server module fills in;</li>
 *   <li>{@code accounts}: {@code /api/admin-users}, the first endpoints built on {@code api}.</li>
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
