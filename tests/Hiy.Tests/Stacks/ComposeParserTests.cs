using Hiy.Stacks;

namespace Hiy.Tests.Stacks;

public class ComposeParserTests
{
    /// <summary>The compose specs of Hoster's README "Example Templates", 1 to 10, as its JSON carries them.</summary>
    public static TheoryData<string, string, string> HosterExamples => new()
    {
        { "nginx", "services:\n  web:\n    image: nginx:alpine\n    ports:\n      - \"8080:80\"", "web nginx:alpine ports=8080->80/tcp" },
        { "postgres", "services:\n  db:\n    image: postgres:15-alpine\n    ports:\n      - \"5432:5432\"\n    environment:\n      POSTGRES_PASSWORD: secret\n      POSTGRES_USER: app\n      POSTGRES_DB: appdb",
            "db postgres:15-alpine ports=5432->5432/tcp env=POSTGRES_PASSWORD=secret,POSTGRES_USER=app,POSTGRES_DB=appdb" },
        { "redis", "services:\n  redis:\n    image: redis:alpine\n    ports:\n      - \"6379:6379\"", "redis redis:alpine ports=6379->6379/tcp" },
        { "web+db", "services:\n  web:\n    image: adminer\n    ports:\n      - \"8080:8080\"\n    depends_on:\n      - db\n  db:\n    image: postgres:15-alpine\n    environment:\n      POSTGRES_PASSWORD: secret",
            "web adminer ports=8080->8080/tcp deps=db:Started | db postgres:15-alpine env=POSTGRES_PASSWORD=secret" },
        { "custom nginx config", "services:\n  web:\n    image: nginx:alpine\n    ports:\n      - \"8080:80\"", "web nginx:alpine ports=8080->80/tcp" },
        { "three-tier", "services:\n  web:\n    image: nginx:alpine\n    ports:\n      - \"8080:80\"\n    depends_on:\n      - api\n  api:\n    image: traefik/whoami\n    depends_on:\n      - db\n  db:\n    image: redis:alpine",
            "web nginx:alpine ports=8080->80/tcp deps=api:Started | api traefik/whoami deps=db:Started | db redis:alpine" },
        { "volumes", "services:\n  web:\n    image: nginx:alpine\n    ports:\n      - \"8080:80\"\n    volumes:\n      - data:/usr/share/nginx/html\nvolumes:\n  data:",
            "web nginx:alpine ports=8080->80/tcp mounts=data:/usr/share/nginx/html" },
        { "healthcheck", "services:\n  web:\n    image: nginx:alpine\n    ports:\n      - \"8080:80\"\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n      interval: 30s\n      timeout: 10s\n      retries: 3",
            "web nginx:alpine ports=8080->80/tcp health=CMD,curl,-f,http://localhost/00:00:30/00:00:10/3" },
        { "multiple ports", "services:\n  web:\n    image: nginx:alpine\n    ports:\n      - \"8080:80\"\n      - \"8443:80\"", "web nginx:alpine ports=8080->80/tcp,8443->80/tcp" },
        { "env", "services:\n  app:\n    image: busybox\n    command: [\"env\"]\n    environment:\n      APP_NAME: myapp\n      DEBUG: \"true\"\n      MAX_CONNECTIONS: \"100\"",
            "app busybox env=APP_NAME=myapp,DEBUG=true,MAX_CONNECTIONS=100 cmd=env" },
    };

    [Theory]
    [MemberData(nameof(HosterExamples))]
    public void Parse_HosterReadmeExample_ReadsEveryService(string example, string yaml, string expected)
    {
        var parse = ComposeParser.Parse(yaml);

        Assert.True(parse.Ok, $"{example}: {string.Join("; ", parse.Problems)}");
        Assert.Equal(expected, string.Join(" | ", parse.Spec!.Services.Select(Describe)));
    }

    /// <summary>Each invalid spec, the path its problem is reported at, and words the message must hold.</summary>
    public static TheoryData<string, string, string> Invalid => new()
    {
        { "services:\n  web:\n    image: a\n    privileged: true", "services.web.privileged", "not allowed" },
        { "services:\n  web:\n    image: a\n    network_mode: host", "services.web.network_mode", "host networking" },
        { "services:\n  web:\n    image: a\n    volumes:\n      - /etc:/host-etc", "services.web.volumes[0]", "host bind mounts ('/etc')" },
        { "services:\n  web:\n    image: a\n    volumes:\n      - ./data:/data", "services.web.volumes[0]", "host bind mounts ('./data')" },
        { "services:\n  web:\n    image: a\n    volumes:\n      - type: bind\n        source: /srv\n        target: /srv", "services.web.volumes[0]", "host bind mounts" },
        { "services:\n  web:\n    image: a\n    cap_add: [SYS_ADMIN]", "services.web.cap_add[0]", "'SYS_ADMIN' is not allowed; allowed: AUDIT_WRITE" },
        { "services:\n  web:\n    image: a\n    devices: [\"/dev/mem:/dev/mem\"]", "services.web.devices", "host devices" },
        { "services:\n  web:\n    image: a\n    pid: host", "services.web.pid", "process namespace" },
        { "services:\n  web:\n    image: a\n    ipc: host", "services.web.ipc", "IPC" },
        { "services:\n  web:\n    image: a\n    security_opt: [\"seccomp:unconfined\"]", "services.web.security_opt", "no-new-privileges" },
        { "services:\n  web:\n    image: a\n    sysctls:\n      net.core.somaxconn: 1024", "services.web.sysctls", "kernel settings" },
        { "services:\n  web:\n    image: a\n    userns_mode: host", "services.web.userns_mode", "not allowed" },
        { "services:\n  web:\n    build: .", "services.web.build", "hiy runs images" },
        { "services:\n  web:\n    build: .", "services.web.image", "required" },
        { "services:\n  web:\n    image: a\n    container_name: x", "services.web.container_name", "hiy-<deployment>-<service>" },
        { "services:\n  web:\n    image: a\n    frobnicate: 1", "services.web.frobnicate", "not a service key" },
        { "services:\n  web:\n    image: a\n    depends_on: [db]", "services.web.depends_on.db", "unknown service 'db' (services: web)" },
        { "services:\n  web:\n    image: a\n    depends_on: [web]", "services.web.depends_on.web", "cannot depend on itself" },
        { "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]", "services", "dependency cycle: a → b → c → a" },
        { "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: b", "services.web.depends_on.db", "has no healthcheck" },
        { "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_completed_successfully\n  db:\n    image: b", "services.web.depends_on.db.condition", "service_started or service_healthy" },
        { "services:\n  web:\n    image: a\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 10 seconds", "services.web.healthcheck.interval", "'10 seconds' is not a duration" },
        { "services:\n  web:\n    image: a\n    healthcheck:\n      test: [\"RUN\", \"true\"]", "services.web.healthcheck.test", "CMD, CMD-SHELL or NONE" },
        { "services:\n  web:\n    image: a\n    ports: [\"8000-8010:8000-8010\"]", "services.web.ports[0]", "port ranges" },
        { "services:\n  web:\n    image: a\n    ports: [\"99999:80\"]", "services.web.ports[0]", "'99999' is not a port" },
        { "services:\n  web:\n    image: a\n    ports: [\"80/sctp\"]", "services.web.ports[0]", "tcp or udp" },
        { "services:\n  web:\n    image: a\n    volumes: [\"data:/d\"]", "services.web.volumes[0]", "'data' is not declared" },
        { "services:\n  web:\n    image: a\n    environment: [\"HOME\"]", "services.web.environment[0]", "needs a value" },
        { "services:\n  web:\n    image: a\n    mem_limit: lots", "services.web.mem_limit", "not a memory size" },
        { "services:\n  web:\n    image: a\n    deploy:\n      replicas: 3", "services.web.deploy.replicas", "only deploy.resources.limits" },
        { "services:\n  web:\n    image: a\n    restart: sometimes", "services.web.restart", "no, always, on-failure[:N], unless-stopped" },
        { "services:\n  web:\n    image: a\n    labels:\n      hiy.stack.deployment: x", "services.web.labels.hiy.stack.deployment", "hiy's own" },
        { "services:\n  web:\n    image: a\n    labels: [\"hiy.app=blog\"]", "services.web.labels.hiy.app", "hiy's own" },
        { "services:\n  Web:\n    image: a", "services.Web", "lower-case" },
        { "services:\n  web:\n    image: a\n    networks: [backend]", "services.web.networks.backend", "not declared" },
        { "services:\n  web:\n    image: a\nvolumes:\n  data:\n    external: true", "volumes.data.external", "hiy creates" },
        { "services:\n  web:\n    image: a\nsecrets:\n  pw:\n    file: ./pw", "secrets", "config_files" },
        { "services: {}", "services", "at least one service" },
        { "version: '3'", "services", "required" },
        { "services:\n  web: [1", "compose_spec", "not valid YAML at line" },
        { "- a\n- b", "compose_spec", "must be a mapping" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidSpec_ReportsPathAndReason(string yaml, string path, string words)
    {
        var parse = ComposeParser.Parse(yaml);

        Assert.False(parse.Ok);
        Assert.Null(parse.Spec);
        var problem = Assert.Single(parse.Problems, p => p.Path == path);
        Assert.Contains(words, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralUnsafeKeys_ReportsEveryOneAtOnce()
    {
        var parse = ComposeParser.Parse("services:\n  web:\n    image: a\n    privileged: true\n    network_mode: host\n    devices: [x]\n  db:\n    image: b\n    cap_add: [NET_ADMIN]\n    pid: host");

        Assert.Equal(["services.web.privileged", "services.web.network_mode", "services.web.devices", "services.db.cap_add[0]", "services.db.pid"],
            parse.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Parse_EveryLongAndShortForm_ReadsThemAll()
    {
        const string yaml = """
            version: "3.8"
            name: demo
            x-common: &common
              restart: on-failure:3
            services:
              web:
                <<: *common
                image: registry.example/team/web:1.2@sha256:abc
                ports:
                  - 80
                  - "127.0.0.1:8080:80"
                  - "127.0.0.1::81"
                  - "53:53/udp"
                  - target: 443
                    published: "8443"
                    protocol: tcp
                    host_ip: 127.0.0.1
                environment:
                  - A=1
                  - B=x=y
                labels: ["tier=front", "empty"]
                entrypoint: /bin/sh -c
                command: 'echo "hello world" done'
                volumes:
                  - data:/data:ro
                  - type: volume
                    source: cache
                    target: /cache
                depends_on:
                  db:
                    condition: service_healthy
                  cache:
                networks: [default, back]
                cap_add: [CAP_NET_BIND_SERVICE, CHOWN]
                mem_limit: 256m
                cpus: 0.25
              db:
                image: postgres
                restart: unless-stopped
                healthcheck:
                  test: pg_isready -U app
                  interval: 1m30s
                  timeout: 500ms
                  start_period: 2s
                  retries: 5
                deploy:
                  resources:
                    limits:
                      memory: 1g
                      cpus: "1.5"
              cache:
                image: redis
                healthcheck:
                  disable: true
            volumes:
              data: {}
              cache:
                driver: local
            networks:
              back:
            """;

        var parse = ComposeParser.Parse(yaml);

        // YAML merge keys (<<) are not part of YAML 1.2's core schema; YamlDotNet's node tree keeps them as a key.
        Assert.True(parse.Problems.Count == 1, string.Join("; ", parse.Problems));
        var merge = parse.Problems[0];
        Assert.Equal("services.web.<<", merge.Path);
        var fixedParse = ComposeParser.Parse(yaml.Replace("    <<: *common\n", "    restart: on-failure:3\n", StringComparison.Ordinal));
        Assert.True(fixedParse.Ok, string.Join("; ", fixedParse.Problems));
        var spec = fixedParse.Spec!;
        var web = spec.Find("web")!;
        Assert.Equal(["80/tcp", "80/tcp@127.0.0.1:8080", "81/tcp@127.0.0.1:", "53/udp@:53", "443/tcp@127.0.0.1:8443"],
            web.Ports.Select(p => p.HostPort is null && p.HostIp is null ? p.Key : $"{p.Key}@{p.HostIp}:{p.HostPort}"));
        Assert.Equal(["A=1", "B=x=y"], web.Environment.Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal("front", web.Labels["tier"]);
        Assert.Equal("", web.Labels["empty"]);
        Assert.Equal(["/bin/sh", "-c"], web.Entrypoint);
        Assert.Equal(["echo", "hello world", "done"], web.Command);
        Assert.Equal([new ComposeVolumeMount("data", "/data", true), new ComposeVolumeMount("cache", "/cache")], web.Volumes);
        Assert.Equal([new ComposeDependency("db", DependencyCondition.Healthy), new ComposeDependency("cache")], web.DependsOn);
        Assert.Equal(["NET_BIND_SERVICE", "CHOWN"], web.CapAdd);
        Assert.Equal(256L << 20, web.MemoryBytes);
        Assert.Equal(0.25, web.Cpus);
        Assert.Equal(("on-failure", 3), (web.Restart, web.RestartRetries));
        var db = spec.Find("db")!;
        Assert.Equal(["CMD-SHELL", "pg_isready -U app"], db.Healthcheck!.Test);
        Assert.Equal(TimeSpan.FromSeconds(90), db.Healthcheck.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), db.Healthcheck.Timeout);
        Assert.Equal(5, db.Healthcheck.Retries);
        Assert.Equal(1L << 30, db.MemoryBytes);
        Assert.Equal(1.5, db.Cpus);
        Assert.True(spec.Find("cache")!.Healthcheck!.Disabled);
        Assert.Equal(["data", "cache"], spec.Volumes);
    }

    [Fact]
    public void Parse_Variables_AreSubstitutedAndMissingOnesReported()
    {
        const string yaml = "services:\n  db:\n    image: \"postgres:${TAG:-15}\"\n    environment:\n      PW: ${DB_PASSWORD}\n      COST: $$5\n      HOST: ${HOST}";

        var template = ComposeParser.Parse(yaml);
        var deployed = ComposeParser.Parse(yaml, new Dictionary<string, string> { ["DB_PASSWORD"] = "s3cret: yes" });

        Assert.True(template.Ok);
        Assert.Equal("${DB_PASSWORD}", template.Spec!.Services[0].Environment[0].Value);
        var missing = Assert.Single(deployed.Problems);
        Assert.Equal(new ComposeProblem("variables.HOST", "has no value (used in services.db.environment.HOST)"), missing);
        var complete = ComposeParser.Parse(yaml, new Dictionary<string, string> { ["DB_PASSWORD"] = "s3cret: yes", ["HOST"] = "db" });
        Assert.Equal("postgres:15", complete.Spec!.Services[0].Image);
        Assert.Equal(["PW=s3cret: yes", "COST=$5", "HOST=db"], complete.Spec.Services[0].Environment.Select(e => $"{e.Key}={e.Value}"));
    }

    [Fact]
    public void Parse_HugeSpec_IsRefusedBeforeYaml()
    {
        var parse = ComposeParser.Parse(new string('#', ComposeParser.MaxSpecChars + 1));

        Assert.Equal("compose_spec", Assert.Single(parse.Problems).Path);
    }

    private static string Describe(ComposeService s)
    {
        var parts = new List<string> { s.Name, s.Image };
        if (s.Ports.Count > 0)
            parts.Add("ports=" + string.Join(",", s.Ports.Select(p => $"{p.HostPort}->{p.Key}")));
        if (s.Environment.Count > 0)
            parts.Add("env=" + string.Join(",", s.Environment.Select(e => $"{e.Key}={e.Value}")));
        if (s.DependsOn.Count > 0)
            parts.Add("deps=" + string.Join(",", s.DependsOn.Select(d => $"{d.Service}:{d.Condition}")));
        if (s.Volumes.Count > 0)
            parts.Add("mounts=" + string.Join(",", s.Volumes.Select(v => $"{v.Volume}:{v.Target}")));
        if (s.Healthcheck is { } h)
            parts.Add($"health={string.Join(",", h.Test)}/{h.Interval}/{h.Timeout}/{h.Retries}");
        if (s.Command is { } c)
            parts.Add("cmd=" + string.Join(",", c));
        return string.Join(" ", parts);
    }
}
