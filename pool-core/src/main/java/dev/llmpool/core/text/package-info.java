/** Small text helpers shared by the roles: digests of text, the canonical form of JSON. */
package dev.llmpool.core.text;
