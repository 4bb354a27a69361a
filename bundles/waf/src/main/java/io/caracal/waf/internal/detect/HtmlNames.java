package io.caracal.waf.internal.detect;

import java.util.HashMap;
import java.util.Map;

/** Element and attribute names with security meaning, matched ignoring ASCII case. */
final class HtmlNames {

    /**
     * Elements that run script, load active content, restyle or redirect the page, or switch the
     * parser into a foreign (SVG/MathML/XML) mode where other rules apply.
     */
    private static final NameTable DANGEROUS_ELEMENTS = set(
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style",
        "link", "meta", "base", "xml", "import", "vmlframe", "bgsound", "layer", "ilayer", "portal",
        "xss", "handler", "listener", "set", "animate");

    /** Attributes whose value the browser loads or navigates to. */
    private static final NameTable URL_ATTRIBUTES = set(
        "href", "src", "action", "formaction", "data", "background", "poster", "lowsrc", "dynsrc",
        "codebase", "classid", "cite", "longdesc", "usemap", "profile", "archive", "code", "ping",
        "manifest", "icon", "srcset", "datasrc", "folder", "xmlns", "to", "from", "values", "by",
        "filter", "contentscripttype", "content");

    /**
     * Event handler content attributes (HTML, SVG, and legacy browser-specific ones). Used where the
     * element is unknown; inside a real tag any on* name is suspicious.
     */
    private static final NameTable EVENT_HANDLERS = set(
        "onabort", "onactivate", "onafterprint", "onafterscriptexecute", "onafterupdate", "onanimationcancel",
        "onanimationend", "onanimationiteration", "onanimationstart", "onauxclick", "onbeforeactivate",
        "onbeforecopy", "onbeforecut", "onbeforedeactivate", "onbeforeeditfocus", "onbeforeinput",
        "onbeforematch", "onbeforepaste", "onbeforeprint", "onbeforescriptexecute", "onbeforetoggle",
        "onbeforeunload", "onbeforeupdate", "onbegin", "onblur", "onbounce", "oncancel", "oncanplay",
        "oncanplaythrough", "oncellchange", "onchange", "onclick", "onclose", "oncontentvisibilityautostatechange",
        "oncontextlost", "oncontextmenu", "oncontextrestored", "oncontrolselect", "oncopy", "oncuechange",
        "oncut", "ondataavailable", "ondatasetchanged", "ondatasetcomplete", "ondblclick", "ondeactivate",
        "ondrag", "ondragdrop", "ondragend", "ondragenter", "ondragexit", "ondragleave", "ondragover",
        "ondragstart", "ondrop", "ondurationchange", "onemptied", "onend", "onended", "onerror",
        "onerrorupdate", "onfilterchange", "onfinish", "onfocus", "onfocusin", "onfocusout", "onformdata",
        "onfullscreenchange", "onfullscreenerror", "ongotpointercapture", "onhashchange", "onhelp",
        "oninput", "oninvalid", "onkeydown", "onkeypress", "onkeyup", "onlanguagechange",
        "onlayoutcomplete", "onload", "onloadeddata", "onloadedmetadata", "onloadend", "onloadstart",
        "onlosecapture", "onlostpointercapture", "onmessage", "onmessageerror", "onmousedown",
        "onmouseenter", "onmouseleave", "onmousemove", "onmouseout", "onmouseover", "onmouseup",
        "onmousewheel", "onmove", "onmoveend", "onmovestart", "onoffline", "ononline", "onpagehide",
        "onpageshow", "onpaste", "onpause", "onplay", "onplaying", "onpointercancel", "onpointerdown",
        "onpointerenter", "onpointerleave", "onpointermove", "onpointerout", "onpointerover",
        "onpointerrawupdate", "onpointerup", "onpopstate", "onprogress", "onpropertychange",
        "onratechange", "onreadystatechange", "onrejectionhandled", "onrepeat", "onreset", "onresize",
        "onresizeend", "onresizestart", "onrowenter", "onrowexit", "onrowsdelete", "onrowsinserted",
        "onscroll", "onscrollend", "onsearch", "onsecuritypolicyviolation", "onseeked", "onseeking",
        "onselect", "onselectionchange", "onselectstart", "onshow", "onslotchange", "onstalled",
        "onstart", "onstop", "onstorage", "onsubmit", "onsuspend", "ontimeupdate", "ontoggle",
        "ontouchcancel", "ontouchend", "ontouchmove", "ontouchstart", "ontransitioncancel",
        "ontransitionend", "ontransitionrun", "ontransitionstart", "onunhandledrejection", "onunload",
        "onvolumechange", "onwaiting", "onwebkitanimationend", "onwebkitanimationiteration",
        "onwebkitanimationstart", "onwebkittransitionend", "onwheel", "onzoom", "onsvgload");

    private HtmlNames() {
    }

    static boolean isDangerousElement(String s, int start, int end) {
        if (DANGEROUS_ELEMENTS.contains(s, start, end)) {
            return true;
        }
        // Namespaced element such as <x:script> or <svg:svg>: judge the local name.
        int colon = lastColon(s, start, end);
        return colon >= 0 && DANGEROUS_ELEMENTS.contains(s, colon + 1, end);
    }

    static boolean isUrlAttribute(String s, int start, int end) {
        if (URL_ATTRIBUTES.contains(s, start, end)) {
            return true;
        }
        int colon = lastColon(s, start, end);
        return colon >= 0 && URL_ATTRIBUTES.contains(s, colon + 1, end); // xlink:href, xml:base
    }

    static boolean isKnownEventHandler(String s, int start, int end) {
        return EVENT_HANDLERS.contains(s, start, end);
    }

    /** on + letters: the shape of every event handler, including ones newer than this list. */
    static boolean looksLikeEventHandler(String s, int start, int end) {
        if (end - start < 4 || NameTable.lower(s.charAt(start)) != 'o' || NameTable.lower(s.charAt(start + 1)) != 'n') {
            return false;
        }
        for (int i = start + 2; i < end; i++) {
            char c = NameTable.lower(s.charAt(i));
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    static boolean is(String s, int start, int end, String lowerName) {
        return end - start == lowerName.length() && s.regionMatches(true, start, lowerName, 0, lowerName.length());
    }

    /** Last ':' within {@code s[start, end)}, or -1; bounded so long inputs stay linear. */
    private static int lastColon(String s, int start, int end) {
        for (int i = end - 1; i >= start; i--) {
            if (s.charAt(i) == ':') {
                return i;
            }
        }
        return -1;
    }

    private static NameTable set(String... names) {
        Map<String, Integer> m = new HashMap<>();
        for (String n : names) {
            m.put(n, 1);
        }
        return new NameTable(m, true);
    }
}
