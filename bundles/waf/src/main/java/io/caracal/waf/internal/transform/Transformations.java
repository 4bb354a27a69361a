package io.caracal.waf.internal.transform;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Looks up ModSecurity transformation functions by their {@code t:} name. */
public final class Transformations {

    /**
     * Returned for {@code t:none}. Resetting the chain is the engine's job; as a function
     * {@code none} leaves the value as it is.
     */
    public static final Transformation IDENTITY = input -> input;

    private static final Map<String, Transformation> BY_NAME = buildRegistry();

    private Transformations() {
    }

    /**
     * Returns the transformation called {@code name} (case-insensitive, without "t:").
     * {@code none} yields {@link #IDENTITY}.
     *
     * @throws IllegalArgumentException if there is no transformation of that name
     */
    public static Transformation byName(String name) {
        Transformation transformation = name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (transformation == null) {
            throw new IllegalArgumentException("unknown transformation 't:" + name + "'");
        }
        return transformation;
    }

    /** The supported names in lower case, including aliases and "none". */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    private static Map<String, Transformation> buildRegistry() {
        Map<String, Transformation> map = new TreeMap<>();
        map.put("none", IDENTITY);
        map.put("lowercase", AsciiCase.LOWER);
        map.put("uppercase", AsciiCase.UPPER);
        map.put("urldecode", UrlDecode.STANDARD);
        map.put("urldecodeuni", UrlDecode.WITH_IIS_UNICODE);
        map.put("urlencode", UrlEncode.INSTANCE);
        map.put("htmlentitydecode", HtmlEntityDecode.INSTANCE);
        map.put("jsdecode", JsDecode.INSTANCE);
        map.put("cssdecode", CssDecode.INSTANCE);
        map.put("cmdline", CmdLine.INSTANCE);
        map.put("compresswhitespace", CompressWhitespace.INSTANCE);
        map.put("removewhitespace", RemoveWhitespace.INSTANCE);
        map.put("removenulls", NullBytes.REMOVE);
        map.put("replacenulls", NullBytes.REPLACE);
        map.put("replacecomments", ReplaceComments.INSTANCE);
        map.put("removecomments", RemoveComments.INSTANCE);
        map.put("removecommentschar", RemoveCommentsChar.INSTANCE);
        map.put("normalisepath", NormalizePath.UNIX);
        map.put("normalizepath", NormalizePath.UNIX);
        map.put("normalisepathwin", NormalizePath.WINDOWS);
        map.put("normalizepathwin", NormalizePath.WINDOWS);
        map.put("base64decode", Base64Decode.STRICT);
        map.put("base64decodeext", Base64Decode.FORGIVING);
        map.put("base64encode", Base64Encode.INSTANCE);
        map.put("hexdecode", HexDecode.INSTANCE);
        map.put("hexencode", HexEncode.INSTANCE);
        map.put("length", Length.INSTANCE);
        map.put("sha1", Digest.SHA1);
        map.put("md5", Digest.MD5);
        map.put("trim", Trim.BOTH);
        map.put("trimleft", Trim.LEFT);
        map.put("trimright", Trim.RIGHT);
        map.put("utf8tounicode", Utf8ToUnicode.INSTANCE);
        map.put("escapeseqdecode", EscapeSeqDecode.INSTANCE);
        map.put("sqlhexdecode", SqlHexDecode.INSTANCE);
        map.put("parityeven7bit", Parity7Bit.EVEN);
        map.put("parityodd7bit", Parity7Bit.ODD);
        map.put("parityzero7bit", Parity7Bit.ZERO);
        return map;
    }
}
