/** Small text helpers shared by the roles: digests of text. */
package dev.llmpool.core.text;
