package io.caracal.waf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import io.caracal.api.waf.RuleFile;
import io.caracal.api.waf.RuleSet;

import org.osgi.framework.Bundle;

/**
 * A rule set that is just files in a bundle: every {@code *.conf} entry of one folder, in name order;
 * data files are read from the same folder.
 */
final class BundleRuleSet implements RuleSet {

    private final Bundle bundle;
    private final String folder;

    BundleRuleSet(Bundle bundle, String folder) {
        this.bundle = bundle;
        this.folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    @Override
    public List<RuleFile> files() throws IOException {
        Enumeration<URL> entries = bundle.findEntries(folder, "*.conf", false);
        if (entries == null) {
            throw new IOException("bundle " + bundle.getSymbolicName() + " has no *.conf files in " + folder);
        }
        List<URL> urls = Collections.list(entries);
        urls.sort((a, b) -> a.getPath().compareTo(b.getPath()));
        List<RuleFile> files = new ArrayList<>(urls.size());
        for (URL url : urls) {
            files.add(new RuleFile(bundle.getSymbolicName() + ":" + url.getPath(), read(url)));
        }
        return files;
    }

    @Override
    public String dataFile(RuleFile from, String name) throws IOException {
        String path = name.startsWith("/") ? name : folder + "/" + name;
        URL url = bundle.getEntry(path);
        if (url == null) {
            throw new IOException("bundle " + bundle.getSymbolicName() + " has no data file " + path);
        }
        return read(url);
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return "rule files of " + bundle.getSymbolicName() + " " + bundle.getVersion() + " in " + folder;
    }
}
