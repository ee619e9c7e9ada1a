package dev.readaloud.local.statemachine;

import java.math.BigDecimal;

/**
 * The Distributed Map settings of a Map state ({@code ItemProcessor.ProcessorConfig.Mode:
 * DISTRIBUTED}), the subset this engine runs (AWS developer guide, "Using Map state in
 * Distributed mode"). Each item, or batch of items, runs as a child execution of the processor
 * with its own history and quotas; the parent's history gets MapRun events only.
 *
 * @param executionType              STANDARD or EXPRESS children
 * @param itemReader                 where the items come from, or null for the state input (ItemsPath)
 * @param itemBatcher                how items are grouped into one child's input, or null for one item per child
 * @param toleratedFailureCount      failed items tolerated, or null
 * @param toleratedFailureCountPath  a reference path to it in the state input, or null
 * @param toleratedFailurePercentage percentage (0-100) of failed items tolerated, or null
 * @param toleratedFailurePercentagePath a reference path to it in the state input, or null
 * @param label                      the Label (names the Map Run and its children), or the state name
 */
record DistributedMap(ExecutionType executionType, ItemReader itemReader, ItemBatcher itemBatcher,
                      Integer toleratedFailureCount, JsonPath toleratedFailureCountPath,
                      BigDecimal toleratedFailurePercentage, JsonPath toleratedFailurePercentagePath, String label) {

    /** {@code ProcessorConfig.ExecutionType}. */
    enum ExecutionType { STANDARD, EXPRESS }

    /** The S3 resource of the only ItemReader this engine runs. */
    static final String S3_GET_OBJECT = "arn:aws:states:::s3:getObject";

    /**
     * {@code ItemReader} with {@code Resource: arn:aws:states:::s3:getObject} and
     * {@code ReaderConfig.InputType: JSON}: one S3 object holding a JSON array of items.
     *
     * @param parameters   Bucket and Key (constants or {@code .$} paths), evaluated against the state input
     * @param maxItems     ReaderConfig.MaxItems: read only the first items, or null for all
     * @param maxItemsPath ReaderConfig.MaxItemsPath, or null
     */
    record ItemReader(PayloadTemplate parameters, Integer maxItems, JsonPath maxItemsPath) {
    }

    /**
     * {@code ItemBatcher}: each child gets {@code {"Items": [...], "BatchInput": {...}}}.
     *
     * @param maxItemsPerBatch      items per batch, or null (then only bytes limit a batch)
     * @param maxInputBytesPerBatch UTF-8 bytes of a child's whole input, at most 256 KiB, or null
     * @param batchInput            BatchInput, evaluated against the state input, or null
     */
    record ItemBatcher(Integer maxItemsPerBatch, JsonPath maxItemsPerBatchPath, Integer maxInputBytesPerBatch,
                       JsonPath maxInputBytesPerBatchPath, PayloadTemplate batchInput) {
    }
}
