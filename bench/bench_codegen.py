"""Speed of the generated code, side by side in one run (issue 5's targets).

    python bench/bench_codegen.py [--quick] [--json]

1. encode + decode of a generated class vs plain fastavro on dicts with the parsed schema reused
   (target: at most 1.15x) and vs dataclasses-avroschema (target: at least 4x faster);
2. the consumer's wire decode (5-byte header parsed here, writer schemas cached by id) vs
   confluent-kafka's AvroDeserializer against the embedded registry (target: at least 2.5x);
3. `contracts generate --check` over the bundled catalog, cold, in a fresh process (< 3 s);
4. that importing a generated module leaves confluent_kafka.schema_registry unimported.

The event is an envelope with nested records, an array of records, decimals, uuids and
timestamps.
"""


import argparse
import dataclasses
import datetime as dt
import enum
import io
import json
import os
import subprocess
import sys
import tempfile
import timeit
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCHEMA = {
    "type": "record", "name": "OrderShipped", "namespace": "bench.orders",
    "fields": [
        {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "eventType", "type": "string"},
        {"name": "eventVersion", "type": "int"},
        {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "source", "type": "string"},
        {"name": "correlationId", "type": ["null", "string"], "default": None},
        {"name": "traceId", "type": ["null", "string"], "default": None},
        {"name": "data", "type": {"type": "record", "name": "OrderShippedData", "fields": [
            {"name": "orderId", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "total", "type": {"type": "record", "name": "Money", "fields": [
                {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal",
                                            "precision": 12, "scale": 2}},
                {"name": "currency", "type": "string"}]}},
            {"name": "lines", "type": {"type": "array", "items": {
                "type": "record", "name": "Line", "fields": [
                    {"name": "sku", "type": "string"},
                    {"name": "quantity", "type": "int"},
                    {"name": "price", "type": "Money"}]}}},
            {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
                {"name": "street", "type": "string"},
                {"name": "city", "type": "string"},
                {"name": "country", "type": "string"}]}},
            {"name": "carrier", "type": {"type": "enum", "name": "Carrier",
                                         "symbols": ["DHL", "UPS", "POSTNL"]}},
            {"name": "shippedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "note", "type": ["null", "string"], "default": None},
        ]}},
    ],
}
NOW = dt.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=dt.UTC)


def sample_dict(lines: int = 1) -> dict[str, Any]:
    money = {"amount": Decimal("19.99"), "currency": "EUR"}
    return {
        "eventId": uuid.UUID(int=1), "eventType": "order.shipped.v1", "eventVersion": 1,
        "timestamp": NOW, "source": "bench", "correlationId": "corr-1", "traceId": None,
        "data": {
            "orderId": uuid.UUID(int=2), "total": {"amount": Decimal("59.97"), "currency": "EUR"},
            "lines": [{"sku": f"SKU-{i}", "quantity": i + 1, "price": money}
                      for i in range(lines)],
            "address": {"street": "Damrak 1", "city": "Amsterdam", "country": "NL"},
            "carrier": "POSTNL", "shippedAt": NOW, "note": None,
        },
    }


def generated_module(workdir: Path) -> Any:
    from generator.catalog import (
        Catalog,
        Contract,
        ContractConfig,
        PositionIndex,
        SchemaVersion,
        Settings,
    )
    from generator.codegen import generate

    text = json.dumps(SCHEMA)
    folder = workdir / "contracts" / "order.shipped"
    version = SchemaVersion("order.shipped", 1, folder / "v1.avsc", "AVRO", text, SCHEMA,
                            PositionIndex(text))
    catalog = Catalog(workdir / "contracts", Settings(root=workdir, package="benchevents"),
                      (Contract("order.shipped", folder, ContractConfig(key="data.orderId"),
                                (version,)),))
    generate(catalog, workdir / "generated")
    sys.path.insert(0, str(workdir / "generated"))
    import importlib

    return importlib.import_module("benchevents.order_shipped.v1")


def das_event(lines: int = 1) -> Any:
    """The same event as dataclasses-avroschema models."""
    from dataclasses_avroschema import AvroModel, types

    class Carrier(enum.Enum):
        DHL = "DHL"
        UPS = "UPS"
        POSTNL = "POSTNL"

    @dataclasses.dataclass
    class Money(AvroModel):
        amount: types.condecimal(max_digits=12, decimal_places=2)  # type: ignore[valid-type]
        currency: str

    @dataclasses.dataclass
    class Line(AvroModel):
        sku: str
        quantity: types.Int32
        price: Money

    @dataclasses.dataclass
    class Address(AvroModel):
        street: str
        city: str
        country: str

    @dataclasses.dataclass
    class OrderShippedData(AvroModel):
        orderId: uuid.UUID
        total: Money
        lines: list[Line]
        address: Address
        carrier: Carrier
        shippedAt: dt.datetime
        note: str | None = None

    @dataclasses.dataclass(kw_only=True)  # keyword-only keeps the schema's field order
    class OrderShipped(AvroModel):
        eventId: uuid.UUID
        eventType: str
        eventVersion: types.Int32
        timestamp: dt.datetime
        source: str
        correlationId: str | None = None
        traceId: str | None = None
        data: OrderShippedData

    money = Money(amount=Decimal("19.99"), currency="EUR")
    return OrderShipped(
        eventId=uuid.UUID(int=1), eventType="order.shipped.v1", eventVersion=1, timestamp=NOW,
        source="bench", correlationId="corr-1",
        data=OrderShippedData(
            orderId=uuid.UUID(int=2), total=Money(amount=Decimal("59.97"), currency="EUR"),
            lines=[Line(sku=f"SKU-{i}", quantity=i + 1, price=money) for i in range(lines)],
            address=Address(street="Damrak 1", city="Amsterdam", country="NL"),
            carrier=Carrier.POSTNL, shippedAt=NOW))


def race(functions: dict[str, tuple[Any, int]], repeat: int) -> dict[str, float]:
    """Best time of one call, in microseconds, of each function; the rounds are interleaved so
    that the load of a shared machine falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, (function, number) in functions.items():
            times[name].append(timeit.timeit(function, number=number) / number * 1e6)
    return {name: min(values) for name, values in times.items()}


def measure(module: Any, runtime: Any, client: Any, lines: int, number: int,
            repeat: int) -> dict[str, float]:
    import fastavro
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    event = module.OrderShipped.from_dict(sample_dict(lines))
    parsed = fastavro.parse_schema(SCHEMA)
    datum = sample_dict(lines)

    def plain() -> Any:
        buffer = io.BytesIO()
        fastavro.schemaless_writer(buffer, parsed, datum)
        return fastavro.schemaless_reader(io.BytesIO(buffer.getvalue()), parsed, None)

    def generated() -> Any:
        return module.OrderShipped.from_avro(event.to_avro())

    das = das_event(lines)
    das_class = type(das)

    def with_das() -> Any:
        return das_class.deserialize(das.serialize())

    assert generated() == event
    assert event.to_avro() == das.serialize(), "all encode the same bytes"

    context = SerializationContext("order.shipped", MessageField.VALUE)
    wire = AvroSerializer(client, json.dumps(SCHEMA), lambda e, ctx: e.to_dict())(event, context)
    assert wire is not None and wire == event.to_wire(int.from_bytes(wire[1:5], "big"))
    deserializer = AvroDeserializer(client)
    schemas = runtime.WriterSchemas(client)
    assert module.OrderShipped.from_wire(wire, schemas) == event
    assert module.OrderShipped.from_dict(deserializer(wire, context)) == event

    r = race({
        "fastavro_dicts_us": (plain, number),
        "generated_us": (generated, number),
        "dataclasses_avroschema_us": (with_das, max(number // 10, 100)),
        "wire_decode_generated_us": (lambda: module.OrderShipped.from_wire(wire, schemas),
                                     number),
        "wire_decode_avro_deserializer_us": (lambda: deserializer(wire, context),
                                             max(number // 2, 100)),
    }, repeat)
    r["ratio_vs_fastavro"] = r["generated_us"] / r["fastavro_dicts_us"]
    r["speedup_vs_dataclasses_avroschema"] = r["dataclasses_avroschema_us"] / r["generated_us"]
    r["wire_decode_speedup"] = (r["wire_decode_avro_deserializer_us"]
                                / r["wire_decode_generated_us"])
    return r


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations (CI smoke run)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    number, repeat = (1000, 5) if args.quick else (5000, 15)

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        module = generated_module(Path(tmp))
        runtime = sys.modules["benchevents._runtime"]
        from confluent_kafka.schema_registry import SchemaRegistryClient

        from generator.registry._server import start_in_thread

        registry = start_in_thread(Path(tmp) / "registry")
        try:
            client = SchemaRegistryClient({"url": registry.url})
            for lines in (1, 3):
                results[f"lines={lines}"] = measure(module, runtime, client, lines, number,
                                                    repeat)
        finally:
            registry.stop()

    # 3. generating the bundled catalog, cold, in a fresh process
    env = {**os.environ, "EVENT_CONTRACTS_NO_CACHE": "1"}
    code = ("import time, sys; t = time.perf_counter(); from generator.cli import main; "
            "code = main(['generate', '--check']); "
            "print(time.perf_counter() - t); sys.exit(0)")
    timings = []
    for _ in range(1 if args.quick else 3):
        started = timeit.default_timer()
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                             capture_output=True, text=True, check=True)
        timings.append((timeit.default_timer() - started, float(out.stdout.splitlines()[-1])))
    results["generate_catalog_process_s"] = min(t[0] for t in timings)
    results["generate_catalog_in_process_s"] = min(t[1] for t in timings)

    # 4. lazy import of the registry client
    probe = ("import sys; sys.path.insert(0, 'generated'); import events.user_created; "
             "print('confluent_kafka.schema_registry' in sys.modules)")
    lazy = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout.strip() == "False"
    results["registry_client_not_imported"] = lazy

    main_case = results["lines=1"]
    targets = {
        "ratio_vs_fastavro": main_case["ratio_vs_fastavro"] <= 1.15,
        "speedup_vs_dataclasses_avroschema": main_case["speedup_vs_dataclasses_avroschema"] >= 4,
        "wire_decode_speedup": main_case["wire_decode_speedup"] >= 2.5,
        "generate_catalog_process_s": results["generate_catalog_process_s"] < 3,
        "registry_client_not_imported": lazy,
    }
    results["targets_met"] = targets
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for case in ("lines=1", "lines=3"):
            r = results[case]
            print(f"-- envelope event, {case[6:]} order line(s):")
            print(f"encode+decode, plain fastavro on dicts : {r['fastavro_dicts_us']:8.2f} us")
            print(f"encode+decode, generated class         : {r['generated_us']:8.2f} us"
                  f"   ({r['ratio_vs_fastavro']:.2f}x fastavro; target <= 1.15x)")
            print(f"encode+decode, dataclasses-avroschema  : "
                  f"{r['dataclasses_avroschema_us']:8.2f} us   (generated is "
                  f"{r['speedup_vs_dataclasses_avroschema']:.1f}x faster; target >= 4x)")
            print(f"wire decode, generated consumer path   : "
                  f"{r['wire_decode_generated_us']:8.2f} us   (same bytes; returns the typed "
                  f"event object)")
            print(f"wire decode, confluent AvroDeserializer: "
                  f"{r['wire_decode_avro_deserializer_us']:8.2f} us   (generated is "
                  f"{r['wire_decode_speedup']:.1f}x faster; target >= 2.5x; returns a dict)")
        print(f"contracts generate --check (bundled)   : "
              f"{results['generate_catalog_process_s']:8.2f} s in a fresh process "
              f"({results['generate_catalog_in_process_s']:.2f} s after start-up); target < 3 s")
        print(f"registry client left unimported        : {lazy}")
        print("targets met (1 line):", ", ".join(f"{k}={'yes' if v else 'NO'}"
                                                 for k, v in targets.items()))
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
