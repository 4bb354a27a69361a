package io.caracal.waf.internal.operator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the entries of ModSecurity data files: trimmed lines, without blank lines and '#' comments. */
final class DataFileLines {

    private DataFileLines() {
    }

    /**
     * Reads every file named in the space-separated {@code fileNames}.
     *
     * @throws IllegalArgumentException naming the operator and the file when one cannot be read
     */
    static List<String> read(String operatorName, String fileNames, DataFiles files) {
        if (fileNames.isBlank()) {
            throw new IllegalArgumentException("@" + operatorName + ": missing file name");
        }
        List<String> entries = new ArrayList<>();
        for (String fileName : fileNames.trim().split("\\s+")) {
            if (fileName.isEmpty()) {
                continue;
            }
            List<String> lines;
            try {
                lines = files.lines(fileName);
            } catch (IOException e) {
                throw new IllegalArgumentException("@" + operatorName + ": cannot read data file '" + fileName + "': " + e.getMessage(), e);
            }
            for (String line : lines) {
                String entry = trim(line);
                if (!entry.isEmpty() && entry.charAt(0) != '#') {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** Strips C isspace chars: space, \t, \n, \v, \f, \r. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
