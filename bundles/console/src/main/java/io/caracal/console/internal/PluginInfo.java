package io.caracal.console.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An installed plugin service.
 *
 * @param name its name property ({@code caracal.strategy}, {@code caracal.filter} …)
 * @param type the filter type ({@code caracal.filter.type}); null (left out of JSON) for other plugins
 * @param bundle the symbolic name of the bundle that registered it
 * @param version that bundle's version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PluginInfo(String name, String type, String bundle, String version) {
}
