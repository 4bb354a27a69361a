package io.caracal.waf.internal.seclang;

/**
 * One action of a rule's action list, such as {@code id:942100} or {@code t:lowercase}.
 *
 * @param name the action name, lower case
 * @param argument its argument with surrounding single quotes removed, or null if it has none
 */
public record ActionSpec(String name, String argument) {
}
