/** Interactive work first: the batch lane's gate, its slots and share of the quotas, stopped batches, lane backlogs. */
package dev.llmpool.workers.lanes;
