/**
 * Literal prefilters: what any value an operator matches must contain (words, bytes), worked out
 * from its pattern once, and checked against one scan of each value shared by all rules.
 */
package io.caracal.waf.internal.prefilter;
