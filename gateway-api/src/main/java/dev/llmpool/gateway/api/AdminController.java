package dev.llmpool.gateway.api;

import dev.llmpool.core.tenancy.ApiKey;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.IssuedKey;
import dev.llmpool.core.tenancy.KeyDirectory;
import dev.llmpool.core.tenancy.Limits;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.tenancy.KeyRequest;
import dev.llmpool.gateway.tenancy.KeyView;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API, for the master key only ({@code Authorization: Bearer $LLMPOOL_MASTER_KEY}): keys
 * ({@code POST /admin/keys}, {@code GET /admin/keys[?tenant=]}, {@code GET /admin/keys/{id}},
 * {@code POST /admin/keys/{id}/revoke}, {@code POST /admin/keys/{id}/rotate}, {@code DELETE /admin/keys/{id}}) and a
 * tenant's own limits ({@code PUT /admin/tenants/{name}}, {@code GET /admin/tenants}). What {@code llmpool keys} does
 * on the pool's machine. A new key is in the answer once and never again.
 */
@RestController
public class AdminController {

    private final ApiKeys keys;
    private final KeyDirectory directory;
    private final JsonCodec codec;
    private final Clock clock;

    public AdminController(ApiKeys keys, KeyDirectory directory, JsonCodec codec, Clock clock) {
        this.keys = keys;
        this.directory = directory;
        this.codec = codec;
        this.clock = clock;
    }

    @PostMapping(path = "/admin/keys", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.keys.create");
        KeyRequest spec = KeyRequest.parse(codec.readTree(raw), clock.instant());
        IssuedKey issued = keys.create(spec.tenant(), spec.name(), spec.limits(), spec.models(), spec.expiresAt());
        directory.changed(issued.key().hash());
        return json(HttpStatus.CREATED, KeyView.issued(issued));
    }

    @GetMapping("/admin/keys")
    public ResponseEntity<byte[]> list(@RequestParam(name = "tenant", required = false) String tenant,
                                       HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.keys.list");
        List<KeyView> views = keys.list(tenant).stream().map(KeyView::of).toList();
        return json(HttpStatus.OK, Map.of("object", "list", "data", views));
    }

    @GetMapping("/admin/keys/{id}")
    public ResponseEntity<byte[]> show(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.keys.show");
        return json(HttpStatus.OK, KeyView.of(keys.find(id).orElseThrow(() -> keyNotFound(id))));
    }

    @PostMapping("/admin/keys/{id}/revoke")
    public ResponseEntity<byte[]> revoke(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.keys.revoke");
        ApiKey revoked = keys.revoke(id).orElseThrow(() -> keyNotFound(id));
        directory.changed(revoked.hash());
        return json(HttpStatus.OK, KeyView.of(revoked));
    }

    @PostMapping("/admin/keys/{id}/rotate")
    public ResponseEntity<byte[]> rotate(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.keys.rotate");
        ApiKey old = keys.find(id).orElseThrow(() -> keyNotFound(id));
        IssuedKey fresh = keys.rotate(id).orElseThrow(() -> keyNotFound(id));
        directory.changed(old.hash());
        return json(HttpStatus.CREATED, KeyView.issued(fresh));
    }

    @DeleteMapping("/admin/keys/{id}")
    public ResponseEntity<byte[]> delete(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.keys.delete");
        ApiKey key = keys.find(id).orElseThrow(() -> keyNotFound(id));
        keys.delete(id);
        directory.changed(key.hash());
        return json(HttpStatus.OK, Map.of("id", id, "object", "api_key", "deleted", true));
    }

    @PutMapping(path = "/admin/tenants/{name}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> setTenant(@PathVariable("name") String name, @RequestBody byte[] raw,
                                            HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.tenants.set");
        Limits limits = KeyRequest.limits(codec.readTree(raw));
        try {
            keys.setTenantLimits(name, limits);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue("name", e.getMessage());
        }
        directory.changed(ApiKeys.EVERYTHING);
        return json(HttpStatus.OK, Map.of("tenant", name, "limits", limits));
    }

    @GetMapping("/admin/tenants")
    public ResponseEntity<byte[]> tenants(HttpServletRequest request) {
        RequestTags.endpoint(request, "admin.tenants.list");
        return json(HttpStatus.OK, Map.of("object", "list", "data", keys.tenants()));
    }

    private static ApiException keyNotFound(String id) {
        return new ApiException(404, "No API key with id '" + id + "'.", ApiException.INVALID_REQUEST, "id",
                "key_not_found");
    }

    private ResponseEntity<byte[]> json(HttpStatus status, Object body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(body));
    }
}
