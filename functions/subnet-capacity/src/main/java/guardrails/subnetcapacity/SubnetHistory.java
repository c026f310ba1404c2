package guardrails.subnetcapacity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What is remembered of a subnet between sweeps: the level last reported, and its free count over the last day
 * (one sample a sweep), from which the days to exhaustion are forecast. Stored as one short string in the findings
 * table: {@code WARNING;1763800000:12,1763800900:11}.
 */
public record SubnetHistory(Optional<SubnetCapacity.Level> level, List<Sample> samples) {

    /** How far back the trend looks. */
    static final Duration WINDOW = Duration.ofHours(24);
    /** A trend needs samples at least this far apart, or a burst of seconds reads as doom in days. */
    static final Duration SHORTEST_TREND = Duration.ofMinutes(10);

    public record Sample(long epochSecond, int free) {
    }

    public static SubnetHistory none() {
        return new SubnetHistory(Optional.empty(), List.of());
    }

    public static SubnetHistory parse(String stored) {
        try {
            String[] parts = stored.split(";", 2);
            List<Sample> samples = new ArrayList<>();
            if (parts.length > 1 && !parts[1].isBlank()) {
                for (String sample : parts[1].split(",")) {
                    String[] pair = sample.split(":");
                    samples.add(new Sample(Long.parseLong(pair[0]), Integer.parseInt(pair[1])));
                }
            }
            return new SubnetHistory(Optional.of(SubnetCapacity.Level.valueOf(parts[0])), List.copyOf(samples));
        } catch (RuntimeException unreadable) {
            return none(); // a record this code cannot read is treated as never seen: at worst, one alert more
        }
    }

    /** Which remembered state this is: its level and latest sample ("new" when never seen). */
    public String version() {
        return samples.isEmpty() ? "new" : level.map(Enum::name).orElse("OK") + "@"
                + samples.get(samples.size() - 1).epochSecond();
    }

    public String encode() {
        return level.map(Enum::name).orElse("OK") + ";"
                + samples.stream().map(s -> s.epochSecond() + ":" + s.free()).collect(Collectors.joining(","));
    }

    /** This history with today's level and sample, samples older than the window dropped. */
    public SubnetHistory next(SubnetCapacity.Level now, Instant at, int free) {
        long oldest = at.minus(WINDOW).getEpochSecond();
        List<Sample> kept = new ArrayList<>(samples.stream().filter(s -> s.epochSecond() >= oldest).toList());
        kept.add(new Sample(at.getEpochSecond(), free));
        return new SubnetHistory(Optional.of(now), List.copyOf(kept));
    }

    /**
     * Days until no address is free at the recent rate (least-squares slope of free over time); empty when the
     * subnet is not filling up or the samples span too little time to say.
     */
    public OptionalDouble daysToFull() {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        long span = samples.get(samples.size() - 1).epochSecond() - samples.get(0).epochSecond();
        if (span < SHORTEST_TREND.getSeconds()) {
            return OptionalDouble.empty();
        }
        double meanT = samples.stream().mapToLong(Sample::epochSecond).average().orElseThrow();
        double meanF = samples.stream().mapToInt(Sample::free).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Sample s : samples) {
            covariance += (s.epochSecond() - meanT) * (s.free() - meanF);
            variance += (s.epochSecond() - meanT) * (s.epochSecond() - meanT);
        }
        double perSecond = covariance / variance;
        if (perSecond >= 0) {
            return OptionalDouble.empty();
        }
        int free = samples.get(samples.size() - 1).free();
        return OptionalDouble.of(free / (-perSecond * 86_400));
    }
}
