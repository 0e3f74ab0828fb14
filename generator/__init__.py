"""event-contracts: check, compile and fuzz versioned Kafka event contracts."""

__version__ = "0.1.0"
