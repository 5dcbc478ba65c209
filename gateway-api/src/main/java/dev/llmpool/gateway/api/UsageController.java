package dev.llmpool.gateway.api;

import dev.llmpool.core.tenancy.UsageLedger;
import dev.llmpool.core.tenancy.UsageRow;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/usage}: the usage ledger (tokens, requests and cost per tenant, key, model and day, UTC) from
 * {@code start_date} to {@code end_date} (ISO dates; the last 30 days by default), summed by {@code group_by} (any of
 * {@code tenant}, {@code key}, {@code model}, {@code day}; all of them by default). A tenant's key sees its tenant's
 * usage only; the master key sees every tenant's, or one's with {@code tenant}.
 */
@RestController
public class UsageController {

    static final Set<String> GROUPS = Set.of("tenant", "key", "model", "day");
    private static final int MAX_DAYS = 366;

    private final UsageLedger ledger;
    private final JsonCodec codec;
    private final Clock clock;

    public UsageController(UsageLedger ledger, JsonCodec codec, Clock clock) {
        this.ledger = ledger;
        this.codec = codec;
        this.clock = clock;
    }

    @GetMapping("/v1/usage")
    public ResponseEntity<byte[]> usage(@RequestParam(name = "start_date", required = false) String start,
                                        @RequestParam(name = "end_date", required = false) String end,
                                        @RequestParam(name = "group_by", required = false) String groupBy,
                                        @RequestParam(name = "tenant", required = false) String tenant,
                                        HttpServletRequest request) {
        RequestTags.endpoint(request, "usage");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to = date("end_date", end, today);
        LocalDate from = date("start_date", start, to.minusDays(29));
        if (from.isAfter(to)) {
            throw ApiException.invalidValue("start_date", "it is after end_date.");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ApiException.invalidValue("start_date", "at most " + MAX_DAYS + " days can be read at once.");
        }
        Set<String> groups = groups(groupBy);
        Caller caller = Caller.of(request);
        Set<String> tenants = caller.tenant() != null ? Set.of(caller.tenant())
                : tenant != null ? Set.of(tenant) : ledger.tenants();
        List<UsageRow> rows = UsageLedger.group(ledger.rows(tenants, from, to), groups);
        UsageRow total = UsageLedger.group(rows, Set.of()).stream().findFirst()
                .orElse(UsageRow.of(null, null, null, null, 0, 0, 0, 0));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("start_date", from.toString());
        body.put("end_date", to.toString());
        body.put("group_by", List.copyOf(groups));
        body.put("data", rows);
        body.put("total", total);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(body));
    }

    static Set<String> groups(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return new LinkedHashSet<>(List.of("tenant", "key", "model", "day"));
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String group : Arrays.stream(groupBy.split(",")).map(String::strip).filter(g -> !g.isEmpty())
                .toList()) {
            if (!GROUPS.contains(group)) {
                throw ApiException.invalidValue("group_by", "'" + group + "' is none of tenant, key, model, day.");
            }
            groups.add(group);
        }
        return groups;
    }

    private static LocalDate date(String param, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidValue(param, "'" + value + "' is not a date such as 2026-12-06.");
        }
    }
}
