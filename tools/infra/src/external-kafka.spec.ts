import { parseBrokerList } from './external-kafka';

describe('external Kafka brokers', () => {
  it('splits a comma-separated host:port list, ignoring spaces', () => {
    expect(parseBrokerList('127.0.0.1:9092, kafka-2:19092 ,[::1]:9092')).toEqual(['127.0.0.1:9092', 'kafka-2:19092', '[::1]:9092']);
  });

  it('rejects an entry without a port, naming KAFKA_BROKERS', () => {
    expect(() => parseBrokerList('127.0.0.1:9092,kafka')).toThrow(
      'KAFKA_BROKERS must be a comma-separated list of host:port (e.g. 127.0.0.1:9092), got "127.0.0.1:9092,kafka"',
    );
  });

  it('rejects an empty list', () => {
    expect(() => parseBrokerList(' , ')).toThrow('KAFKA_BROKERS must be a comma-separated list of host:port');
  });
});
