/**
 * Owns the text-format converters of the mapping engine: the canonical description of a work item
 * is CommonMark Markdown, and {@link dev.integrationagent.mapping.text.TextFormats} turns it into
 * Jira's Atlassian Document Format or Redmine's Textile and back. All conversions go through a
 * commonmark-java syntax tree, so that every format is read into, and written from, one model.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.mapping.text;

import javax.annotation.ParametersAreNonnullByDefault;
