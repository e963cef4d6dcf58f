/** Rights profiles over the API: {@link org.palisade.web.profiles.ProfileApi} ({@code /api/profiles}). */
package org.palisade.web.profiles;
