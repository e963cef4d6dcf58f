/**
 * The JSON API as endpoint authors see it: register a handler for a method and a path, say which
 * roles may call it, and return an {@link org.palisade.web.api.ApiResponse}. Everything else
 * (login, session, role, CSRF and content-type checks, exception mapping, JSON, headers) happens
 * before and after the handler, the same way for every endpoint.
 *
 * <h2>Registering endpoints</h2>
 *
 * <pre>{@code
 * Routes routes = webServer.routes();
 * Set<Role> readers = Set.of(Role.ADMIN, Role.AUDITOR);
 * routes.get("/api/extensions", readers, req -> ApiResponse.ok(admin.extensions()))
 *       .get("/api/extensions/{number}", readers, req -> ApiResponse.ok(find(req.pathParam("number"))))
 *       .post("/api/extensions", Set.of(Role.ADMIN), req -> {
 *           NewExtension body = req.body(NewExtension.class);          // a record; 400 names a bad field
 *           return ApiResponse.created(admin.addExtension(req.actor(), body.number(), ...));
 *       })
 *       .delete("/api/extensions/{number}", Set.of(Role.ADMIN), req -> {
 *           admin.removeExtension(req.actor(), req.pathParam("number"));
 *           return ApiResponse.noContent();
 *       });
 * }</pre>
 *
 * <ul>
 *   <li><b>Roles</b> are required: a route without any is refused when registered (deny by
 *       default). {@link org.palisade.web.api.Routes#ANY_ROLE} admits every logged-in user,
 *       self-service directory users included: use it only for {@code /api/session} and {@code /api/me*}.
 *       {@link org.palisade.web.api.Routes#open} is for the login and health endpoints only.</li>
 *   <li><b>Paths</b>: literal segments and whole-segment {@code {name}} parameters; a literal beats
 *       a parameter ({@code /api/cdr/summary} before {@code /api/cdr/{id}}). Unknown path: 404;
 *       known path, other method: 405 with {@code Allow}.</li>
 *   <li><b>Before the handler runs</b>: no session, or an ended one, 401; a role not admitted, 403;
 *       POST, PUT, PATCH and DELETE need the {@code X-CSRF-Token} header of the session and, when they
 *       carry a body, {@code Content-Type: application/json}, else 403. Nothing of this is the
 *       handler's business.</li>
 *   <li><b>Errors</b>: throw what core throws. {@code IllegalArgumentException("field: reason")}
 *       becomes 400 {@code {"error": "reason", "field": "field"}} (without the prefix: the whole
 *       message, {@code "field": null}); {@code NoSuchElementException} 404; {@code
 *       IllegalStateException} 409; {@link org.palisade.web.api.ApiException} any status you pick;
 *       anything else 500 with a fixed message, the stack trace in the log. Malformed JSON or a
 *       field of the wrong type: 400, with the JSON path as field when known.</li>
 *   <li><b>JSON</b> goes through {@link org.palisade.web.api.Json#mapper()}: records and maps,
 *       times as ISO 8601 with offset ({@code "2026-11-24T10:00:00Z"}). Unknown request fields are
 *       a 400, so typos do not pass silently.</li>
 *   <li><b>Auditing</b>: pass {@link org.palisade.web.api.ApiRequest#actor()} ({@code web:alice})
 *       as the actor to core's administration classes; they write CONFIG_CHANGED in the change's
 *       transaction. For other events (exports, searches) use {@link org.palisade.web.api.WebAudit}.</li>
 *   <li><b>Large bodies</b>: {@link org.palisade.web.api.ApiResponse#stream} writes as it goes
 *       (chunked, 64 KiB buffer), e.g. a CSV export of a million rows:
 *       <pre>{@code
 * return ApiResponse.stream("text/csv; charset=utf-8", "cdr.csv", out -> csv.write(rows, out));
 *       }</pre></li>
 * </ul>
 */
package org.palisade.web.api;
