package org.palisade.web.records;

import org.palisade.core.storage.Storage;
import org.palisade.web.api.Routes;
import org.palisade.web.api.WebAudit;

/** Registers every endpoint of this package: the CDR list, export and summary, the audit log, the chat archive. */
public final class RecordsApi {

    private RecordsApi() {
    }

    public static void register(Routes routes, Storage storage, WebAudit audit) {
        new CdrApi(storage).register(routes);
        new CdrExportApi(storage, audit).register(routes);
        new CdrSummaryApi(storage).register(routes);
        new AuditApi(storage).register(routes);
        new ChatApi(storage, audit).register(routes);
    }
}
