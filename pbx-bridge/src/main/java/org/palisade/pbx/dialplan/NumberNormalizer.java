package org.palisade.pbx.dialplan;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.palisade.core.trunk.E164Normalizer;

/**
 * Classifies a dialled string and brings public numbers into E.164, with libphonenumber's number
 * plans for the default country.
 *
 * <p>Extensions are not its business: the proxy resolves its own extensions before it asks the
 * dial plan. What reaches {@link #classify} is decided in this order:
 * <ol>
 *   <li>Spaces and {@code - . ( ) /} are dropped. Anything left that is not {@code +}, a digit,
 *       {@code *} or {@code #}, or more than 32 characters, is {@code INVALID}.</li>
 *   <li>With {@code *} or {@code #} it is a {@code SERVICE} code, kept as dialled.</li>
 *   <li>With a leading {@code +} it must be a possible number of its country: {@code PUBLIC}, else
 *       {@code INVALID}.</li>
 *   <li>Without a default country nothing else can be normalised: {@code LOCAL}.</li>
 *   <li>An emergency number of the default country is {@code EMERGENCY}, another short number
 *       {@code SHORT} (both kept as dialled).</li>
 *   <li>Written with the international prefix ({@code 00} in DE, {@code 011} in US) or the national
 *       prefix ({@code 0} in DE, {@code 1} in US), the caller says it is a public number: it must be
 *       possible there, {@code PUBLIC}, else {@code INVALID} (e.g. {@code 0} alone).</li>
 *   <li>Without a prefix it is {@code PUBLIC} only if it is a valid number of the default country
 *       (a ten-digit US number); otherwise {@code LOCAL}.</li>
 * </ol>
 * "Possible" checks only the length for the country, so new number ranges work before the
 * library knows them; "valid" checks the number plan, which is what telling a number without a
 * prefix from an unknown extension needs.
 */
public final class NumberNormalizer implements E164Normalizer {

    public static final int MAX_LENGTH = 32;
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()/]");
    private static final Pattern DIALLABLE = Pattern.compile("\\+?[0-9*#]+");
    private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT = ShortNumberInfo.getInstance();

    private final String region;
    private final String nationalPrefix;

    /** @param defaultCountry ISO 3166 alpha-2 code such as {@code DE}; null or blank for none */
    public NumberNormalizer(String defaultCountry) {
        if (defaultCountry == null || defaultCountry.isBlank()) {
            region = null;
            nationalPrefix = null;
            return;
        }
        String code = defaultCountry.trim().toUpperCase(Locale.ROOT);
        if (!PHONE.getSupportedRegions().contains(code)) {
            throw new IllegalArgumentException("defaultCountry: not a country code with a known number plan (ISO 3166 alpha-2, e.g. DE), got '"
                    + defaultCountry + "'");
        }
        region = code;
        nationalPrefix = PHONE.getNddPrefixForRegion(code, true);
    }

    public Optional<String> defaultCountry() {
        return Optional.ofNullable(region);
    }

    public Dialled classify(String dialled) {
        String s = dialled == null ? "" : SEPARATORS.matcher(dialled).replaceAll("");
        if (s.isEmpty() || s.length() > MAX_LENGTH || !DIALLABLE.matcher(s).matches()) {
            return invalid(dialled, "not a dialable number: '+', digits, '*' and '#' only, at most " + MAX_LENGTH);
        }
        if (s.indexOf('*') >= 0 || s.indexOf('#') >= 0) {
            return new Dialled(dialled, Dialled.Kind.SERVICE, s, null);
        }
        if (s.startsWith("+")) {
            return explicitlyPublic(dialled, s, "ZZ");
        }
        if (region == null) {
            return new Dialled(dialled, Dialled.Kind.LOCAL, s, null);
        }
        if (SHORT.isEmergencyNumber(s, region)) {
            return new Dialled(dialled, Dialled.Kind.EMERGENCY, s, null);
        }
        PhoneNumber parsed = parse(s);
        if (parsed != null && SHORT.isValidShortNumberForRegion(parsed, region)) {
            return new Dialled(dialled, Dialled.Kind.SHORT, s, null);
        }
        boolean withPrefix = parsed != null && parsed.getCountryCodeSource() == PhoneNumber.CountryCodeSource.FROM_NUMBER_WITH_IDD
                || nationalPrefix != null && s.startsWith(nationalPrefix);
        if (withPrefix) {
            return explicitlyPublic(dialled, s, region);
        }
        if (parsed != null && PHONE.isValidNumber(parsed)) {
            return new Dialled(dialled, Dialled.Kind.PUBLIC, PHONE.format(parsed, PhoneNumberFormat.E164), null);
        }
        return new Dialled(dialled, Dialled.Kind.LOCAL, s, null);
    }

    /** For numbers an admin types (DIDs): only a public number is accepted. */
    @Override
    public String toE164(String number) {
        Dialled d = classify(number);
        if (d.kind() == Dialled.Kind.PUBLIC) {
            return d.number();
        }
        String why = d.kind() == Dialled.Kind.INVALID ? d.problem()
                : region == null ? "give it in +E.164 form (no default country is configured)"
                : "not a public telephone number of " + region + " or in +E.164 form";
        throw new IllegalArgumentException("number: '" + number + "': " + why);
    }

    private Dialled explicitlyPublic(String dialled, String s, String parseRegion) {
        PhoneNumber n;
        try {
            n = PHONE.parse(s, parseRegion);
        } catch (NumberParseException e) {
            return invalid(dialled, "not a telephone number: " + e.getMessage());
        }
        if (!PHONE.isPossibleNumber(n)) {
            return invalid(dialled, "cannot be a number of country code +" + n.getCountryCode() + " (" + PHONE.isPossibleNumberWithReason(n)
                    .name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        return new Dialled(dialled, Dialled.Kind.PUBLIC, PHONE.format(n, PhoneNumberFormat.E164), null);
    }

    private PhoneNumber parse(String s) {
        try {
            return PHONE.parseAndKeepRawInput(s, region);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static Dialled invalid(String dialled, String problem) {
        return new Dialled(dialled, Dialled.Kind.INVALID, null, problem);
    }
}
