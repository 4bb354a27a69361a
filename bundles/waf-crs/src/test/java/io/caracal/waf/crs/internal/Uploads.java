package io.caracal.waf.crs.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.caracal.waf.internal.engine.RequestData;

/** Ordinary multipart uploads, built with real file headers (binary bytes cannot live in a text corpus). */
final class Uploads {

    private static final HexFormat HEX = HexFormat.of();
    static final byte[] PNG = HEX.parseHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
            + "0000000d4944415478da63fccf50000000030101003d5de6a50000000049454e44ae426082");
    static final byte[] JPEG = HEX.parseHex("ffd8ffe000104a46494600010101004800480000ffdb004300080606070605080707"
            + "070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432"
            + "ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffda0008010100003f00"
            + "d2cf20ffd9");
    static final byte[] PDF = ("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            + "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R "
            + "/MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] ZIP = HEX.parseHex("504b0304140006000800000021000000000000000000000000000013000000"
            + "5b436f6e74656e745f54797065735d2e786d6c");

    private Uploads() {
    }

    static List<CorpusSample> samples() {
        List<CorpusSample> samples = new ArrayList<>();
        samples.add(sample("avatar PNG with a display name", "/account/avatar",
                field("display_name", "Zoë Müller"), file("avatar", "avatar.png", "image/png", PNG)));
        samples.add(sample("holiday photo JPEG with a caption in German", "/gallery/upload",
                field("caption", "Urlaub in München – Blick vom Olympiaturm (Juli 2023)"),
                file("photo", "IMG_20230715_183012.jpg", "image/jpeg", JPEG), field("album", "Sommer 2023")));
        samples.add(sample("PDF invoice for a return", "/returns/upload",
                field("order", "SO-2024-000123"), field("reason", "Wrong size; please exchange for 42."),
                file("invoice", "Rechnung_2024-03-15.pdf", "application/pdf", PDF)));
        samples.add(sample("plain text notes", "/support/attachments",
                file("attachment", "notes.txt", "text/plain", ("Order SO-2024-000123\nDelivered: 2024-03-18 (2 days late)\n"
                        + "Box damaged, shoes fine. Contact me at +49 30 1234-5678 if needed!\n").getBytes(StandardCharsets.UTF_8))));
        samples.add(sample("CSV export with names and prices", "/admin/import/customers",
                file("csv", "customers-2024-03.csv", "text/csv", ("name,email,city,total\n\"Müller, Zoë\",zoe@example.de,München,127.45\n"
                        + "Łukasz Żółkiewski,lukasz@example.pl,Kraków,89.95\n\"Smith & Sons\",orders@smith.example,Leeds,1203.00\n")
                        .getBytes(StandardCharsets.UTF_8)), field("dry_run", "1")));
        samples.add(sample("Word document", "/careers/apply",
                field("name", "Amélie Poulain"), field("position", "Store manager (Paris)"),
                file("cv", "CV Amelie Poulain 2024.docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP)));
        samples.add(sample("several images at once with a Unicode file name", "/products/1042/images",
                file("images[]", "front.png", "image/png", PNG), file("images[]", "side.jpg", "image/jpeg", JPEG),
                file("images[]", "detail-ñandú.jpg", "image/jpeg", JPEG), field("alt", "Trail runner GTX, side view")));
        samples.add(sample("JSON part next to a file", "/api/v1/documents",
                part("name=\"metadata\"", "application/json",
                        "{\"title\":\"Spring catalogue\",\"tags\":[\"2024\",\"spring\"],\"pages\":48}".getBytes(StandardCharsets.UTF_8)),
                file("document", "catalogue-spring-2024.pdf", "application/pdf", PDF)));
        samples.add(sample("empty optional file field", "/account/profile",
                field("bio", "Runner & hiker from Sevilla."), file("avatar", "", "application/octet-stream", new byte[0])));
        return samples;
    }

    private static CorpusSample sample(String label, String path, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        body.writeBytes(("--" + Placement.BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        RequestData request = CrsFixture.request("POST", path, "multipart/form-data; boundary=" + Placement.BOUNDARY,
                body.toByteArray(), "Origin", "https://shop.example.com", "Referer", "https://shop.example.com" + path,
                "Cookie", "sessionid=k3j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8; csrftoken=Tq8XyZ3vB7nM2kL9pQ4wR6sT1uV5xY0a");
        return new CorpusSample("Uploads", "upload: " + label, List.of(), request);
    }

    private static byte[] field(String name, String value) {
        return part("name=\"" + name + "\"", null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] file(String name, String fileName, String type, byte[] content) {
        return part("name=\"" + name + "\"; filename=\"" + fileName + "\"", type, content);
    }

    private static byte[] part(String disposition, String type, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + Placement.BOUNDARY + "\r\nContent-Disposition: form-data; " + disposition + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
