/**
 * Extensions over the API: {@link org.palisade.web.extensions.ExtensionApi} ({@code /api/extensions},
 * with each one's live registrations and DID), {@link org.palisade.web.extensions.ExtensionImportApi}
 * (the CSV export and the bulk import with its dry run) and
 * {@link org.palisade.web.extensions.RegistrationApi} ({@code /api/registrations}). Changes go through
 * core's administration classes; reads come straight from the stores, in one transaction each.
 */
package org.palisade.web.extensions;
