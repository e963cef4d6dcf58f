package org.palisade.web.extensions;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.palisade.core.account.Role;
import org.palisade.core.admin.Administration;
import org.palisade.core.extension.Extension;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * Many extensions at once, in the CSV layout of {@link ExtensionCsv}:
 *
 * <pre>
 * GET  /api/extensions.csv      200 text/csv number,name,department,profile,password (passwords empty)
 * POST /api/extensions/import   {"csv": "...", "dryRun": true}    200 {"valid": n, "errors": [{"line","field","error"}]}
 *                               {"csv": "...", "dryRun": false}   201 {"imported": n}, or nothing imported and
 *                                                                 400 {"error","field":null,"valid","errors"}
 * </pre>
 *
 * <p>The dry run and the import check the same things: every row's number, name, department,
 * profile and password, duplicates within the file and with stored extensions. An empty password
 * is a row error: the export leaves passwords empty, and an extension without one could never
 * register, so the import refuses it rather than invent one. The import is all or nothing, one
 * transaction with a CONFIG_CHANGED entry per extension.
 */
public final class ExtensionImportApi {

    public static final String CSV_PATH = "/api/extensions.csv";
    public static final String IMPORT_PATH = "/api/extensions/import";
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    /** POST body; {@code dryRun} is required, so that nothing is imported by leaving it out. */
    record ImportRequest(String csv, Boolean dryRun) {
    }

    record DryRun(int valid, List<ExtensionCsv.RowError> errors) {
    }

    record Imported(int imported) {
    }

    /** The 400 of an import with bad rows: the usual error body, plus what a dry run says. */
    record Refused(String error, String field, int valid, List<ExtensionCsv.RowError> errors) {
    }

    private final Storage storage;
    private final Administration admin;

    public ExtensionImportApi(Storage storage, String realm, Clock clock) {
        this.storage = storage;
        this.admin = new Administration(storage, realm, clock);
    }

    public void register(Routes routes) {
        routes.get(CSV_PATH, ADMIN, req -> {
                    Params.of(req, Set.of());
                    List<Extension> all = admin.extensions();
                    return ApiResponse.stream("text/csv; charset=utf-8", "extensions.csv", out -> {
                        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                        ExtensionCsv.write(all, w);
                        w.flush();
                    });
                })
                .post(IMPORT_PATH, ADMIN, this::importCsv);
    }

    private ApiResponse importCsv(ApiRequest req) {
        ImportRequest body = req.body(ImportRequest.class);
        if (body.csv() == null || body.csv().isBlank()) {
            throw new IllegalArgumentException("csv: required: the file's content, header line first");
        }
        if (body.dryRun() == null) {
            throw new IllegalArgumentException("dryRun: required: true to check the file, false to import it");
        }
        ExtensionCsv.Checked checked = storage.inTransaction(tx -> ExtensionCsv.check(body.csv(),
                tx.extensions().list().stream().map(Extension::number).collect(Collectors.toSet()),
                tx.profiles().list().stream().map(RightsProfile::name).collect(Collectors.toSet())));
        int valid = checked.valid().size();
        if (body.dryRun()) {
            return ApiResponse.ok(new DryRun(valid, checked.errors()));
        }
        if (!checked.errors().isEmpty()) {
            int rows = (int) checked.errors().stream().mapToInt(ExtensionCsv.RowError::line).distinct().count();
            return ApiResponse.json(400, new Refused(rows + (rows == 1 ? " line has" : " lines have")
                    + " problems; nothing was imported", null, valid, checked.errors()));
        }
        if (valid == 0) {
            throw new IllegalArgumentException("csv: no extensions in it, only the header");
        }
        List<Administration.NewExtension> batch = checked.valid().stream()
                .map(r -> new Administration.NewExtension(r.number(), r.name(), r.department(), r.profile(), r.password().toCharArray()))
                .toList();
        try {
            return ApiResponse.created(new Imported(admin.importExtensions(req.actor(), batch)));
        } finally {
            batch.forEach(n -> Arrays.fill(n.password(), '\0'));
        }
    }
}
