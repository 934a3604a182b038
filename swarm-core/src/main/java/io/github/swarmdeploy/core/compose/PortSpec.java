package io.github.swarmdeploy.core.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The short port syntax ({@code "8080:80"}, {@code "127.0.0.1:5000-5010:5000-5010/udp"}, {@code 3000}),
 * read as docker does (go-connections' {@code nat.ParsePortSpec}, then swarmopts'
 * {@code ConvertPortToPortConfig}): one published port per entry, ranges expanded, a host IP ignored
 * with a warning (Swarm listens on every address).
 */
record PortSpec(List<Published> ports, List<String> warnings, String error) {

    /** One port as docker's {@code ServicePortConfig}: mode ingress, target, published (0 = none), protocol. */
    record Published(long target, long published, String protocol) {
    }

    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");

    static PortSpec failed(String error) {
        return new PortSpec(List.of(), List.of(), error);
    }

    static PortSpec parse(String raw) {
        String[] parts = raw.split(":", -1);
        int n = parts.length;
        String ip;
        String hostPort;
        String containerPort = parts[n - 1];
        if (n == 1) {
            ip = "";
            hostPort = "";
        } else if (n == 2) {
            ip = "";
            hostPort = parts[0];
        } else if (n == 3) {
            ip = parts[0];
            hostPort = parts[1];
        } else {
            ip = String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 2));
            hostPort = parts[n - 2];
        }
        String[] protoPort = splitProtoPort(containerPort);
        String proto = protoPort[0];
        containerPort = protoPort[1];
        if (!ip.isEmpty() && ip.charAt(0) == '[') {
            if (!ip.endsWith("]") || ip.indexOf(']') != ip.length() - 1) {
                return failed("invalid IP address " + ip);
            }
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!ip.isEmpty() && !isIp(ip)) {
            return failed("invalid IP address: " + ip);
        }
        if (containerPort.isEmpty()) {
            return failed("no port specified: " + raw + "<empty>");
        }
        long[] container = portRange(containerPort);
        if (container == null) {
            return failed("invalid containerPort: " + containerPort);
        }
        long[] host = {0, 0};
        if (!hostPort.isEmpty()) {
            host = portRange(hostPort);
            if (host == null) {
                return failed("invalid hostPort: " + hostPort);
            }
        }
        if (!hostPort.isEmpty() && (container[1] - container[0]) != (host[1] - host[0]) && container[1] != container[0]) {
            return failed("invalid ranges specified for container and host Ports: " + containerPort + " and " + hostPort);
        }
        String protocol = proto.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            return failed("invalid proto: " + proto);
        }
        // nat.ParsePortSpecs keys the mappings by "port/proto" and docker sorts those keys as strings
        TreeMap<String, List<String>> bindings = new TreeMap<>();
        for (long i = 0; i <= container[1] - container[0]; i++) {
            String port = Long.toString(container[0] + i);
            String binding = hostPort;
            if (!hostPort.isEmpty()) {
                binding = Long.toString(host[0] + i);
            }
            if (container[0] == container[1] && host[0] != host[1]) {
                binding = binding + "-" + host[1];
            }
            bindings.computeIfAbsent(port + "/" + protocol, k -> new ArrayList<>()).add(binding);
        }
        List<Published> ports = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (var entry : bindings.entrySet()) {
            String key = entry.getKey();
            long target = Long.parseLong(key.substring(0, key.indexOf('/')));
            for (String binding : entry.getValue()) {
                if (!ip.isEmpty() && !isUnspecified(ip)) {
                    String joined = ip.contains(":") ? "[" + ip + "]:" + binding : ip + ":" + binding;
                    warnings.add("ignoring IP-address (" + joined + ":" + key + ") service will listen on '0.0.0.0'");
                }
                long[] published = binding.isEmpty() ? new long[]{0, 0} : portRange(binding);
                if (published == null) {
                    return failed("invalid hostport binding (" + binding + ") for port (" + target + ")");
                }
                for (long p = published[0]; p <= published[1]; p++) {
                    ports.add(new Published(target, p, protocol));
                }
            }
        }
        return new PortSpec(ports, warnings, null);
    }

    private static String[] splitProtoPort(String raw) {
        String[] parts = raw.split("/", -1);
        if (raw.isEmpty() || parts[0].isEmpty()) {
            return new String[]{"", ""};
        }
        if (parts.length == 1) {
            return new String[]{"tcp", raw};
        }
        if (parts[1].isEmpty()) {
            return new String[]{"tcp", parts[0]};
        }
        return new String[]{parts[1], parts[0]};
    }

    /** nat.ParsePortRange: "80" or "8000-8010", each 0..65535; null when invalid. */
    private static long[] portRange(String ports) {
        if (ports.isEmpty()) {
            return null;
        }
        if (!ports.contains("-")) {
            Long port = port(ports);
            return port == null ? null : new long[]{port, port};
        }
        String[] parts = ports.split("-", -1);
        Long start = port(parts[0]);
        Long end = port(parts[1]);
        if (start == null || end == null || end < start) {
            return null;
        }
        return new long[]{start, end};
    }

    private static Long port(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5) {
            return null;
        }
        long value = Long.parseLong(digits);
        return value > 65535 ? null : value;
    }

    static boolean isIp(String ip) {
        return IPV4.matcher(ip).matches() || isIpv6(ip);
    }

    private static boolean isUnspecified(String ip) {
        if (IPV4.matcher(ip).matches()) {
            return ip.equals("0.0.0.0");
        }
        return ip.replace("0", "").replace(":", "").isEmpty();
    }

    private static boolean isIpv6(String ip) {
        if (!ip.contains(":")) {
            return false;
        }
        String body = ip;
        int groups = 0;
        int lastColon = body.lastIndexOf(':');
        String tail = body.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!IPV4.matcher(tail).matches()) {
                return false;
            }
            body = body.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = body.indexOf("::");
        if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] halves = doubleColon >= 0
                ? new String[]{body.substring(0, doubleColon), body.substring(doubleColon + 2)}
                : new String[]{body};
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String group : half.split(":", -1)) {
                if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                }
                groups++;
            }
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }
}
