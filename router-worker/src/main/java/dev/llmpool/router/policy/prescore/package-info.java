/** The learned pre-generation router: hashed prompt n-grams and request features to a {@code pre_score}. */
package dev.llmpool.router.policy.prescore;
