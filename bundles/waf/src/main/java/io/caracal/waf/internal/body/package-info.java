/**
 * Turns a request's query string, cookies and body into the variables ModSecurity rules read,
 * decoded the way ModSecurity (v2 / libmodsecurity v3) decodes them.
 *
 * <h2>Byte strings</h2>
 * Every name and value is a "byte string": a {@code String} whose chars are single bytes
 * (0-255), the ISO-8859-1 view of the raw bytes. Parsers that must decode text (JSON, XML)
 * hand back the UTF-8 bytes of what they decoded. {@link io.caracal.waf.internal.body.ByteStrings}
 * converts.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link io.caracal.waf.internal.body.UrlEncodedParser}: query string to ARGS_GET
 *       (also URLENCODED_ERROR);</li>
 *   <li>{@link io.caracal.waf.internal.body.CookieParser}: Cookie headers to REQUEST_COOKIES;</li>
 *   <li>{@link io.caracal.waf.internal.body.RequestBodyParser}: body to
 *       {@link io.caracal.waf.internal.body.ParsedBody} (ARGS_POST, REQBODY_PROCESSOR,
 *       REQBODY_ERROR / _MSG, FILES*, MULTIPART_*, XML), with
 *       {@link io.caracal.waf.internal.body.Limits} bounding arguments, nesting and kept file
 *       content.</li>
 * </ul>
 *
 * <h2>Mapping to variables</h2>
 * <pre>
 * ARGS_POST                  ParsedBody.args()
 * REQBODY_PROCESSOR          ParsedBody.processor()           (null: variable absent)
 * REQBODY_ERROR,
 * REQBODY_PROCESSOR_ERROR    ParsedBody.error()
 * REQBODY_ERROR_MSG          ParsedBody.errorMessage()
 * URLENCODED_ERROR           ParsedBody.urlEncodedError() / UrlEncodedParser.Result.invalidEncoding()
 * FILES                      FilePart.fileName()   keyed by fieldName
 * FILES_NAMES                FilePart.fieldName()
 * FILES_SIZES                FilePart.size()       keyed by fieldName
 * FILES_TMP_CONTENT          FilePart.content()    (first Limits.maxFileBytesKept bytes)
 * FILES_COMBINED_SIZE        MultipartData.filesCombinedSize()
 * MULTIPART_PART_HEADERS     MultipartData.partHeaders()  (key: part name, value: header line)
 * MULTIPART_NAME             MultipartData.names()
 * MULTIPART_FILENAME         MultipartData.fileNames()
 * MULTIPART_* flags          MultipartData.flags()        (see MultipartFlag)
 * XML:/*                     XmlData.rootText()
 * XML://@*                   XmlData.attributeValues()
 * </pre>
 */
package io.caracal.waf.internal.body;
