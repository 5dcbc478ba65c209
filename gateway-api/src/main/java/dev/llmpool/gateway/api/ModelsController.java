package dev.llmpool.gateway.api;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.openai.ModelList;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} from the routing rules' aliases and the catalog;
 * {@code created} is the start time. The aliases are those of the rules in force (they follow a reloaded file).
 */
@RestController
public class ModelsController {

    private final ModelCatalog catalog;
    private final LiveRoutes routes;
    private final JsonCodec codec;
    private final long created;

    public ModelsController(ModelCatalog catalog, LiveRoutes routes, JsonCodec codec, Clock clock) {
        this.catalog = catalog;
        this.routes = routes;
        this.codec = codec;
        this.created = clock.instant().getEpochSecond();
    }

    @GetMapping("/v1/models")
    public ResponseEntity<byte[]> list(HttpServletRequest request) {
        RequestTags.endpoint(request, "models.list");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(ModelList.of(catalog, routes.aliases(), created)));
    }

    @GetMapping("/v1/models/{model}")
    public ResponseEntity<byte[]> retrieve(@PathVariable("model") String model, HttpServletRequest request) {
        RequestTags.endpoint(request, "models.retrieve");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(
                ModelList.find(catalog, routes.aliases(), model, created)
                        .orElseThrow(() -> ApiException.modelNotFound(model))));
    }
}
