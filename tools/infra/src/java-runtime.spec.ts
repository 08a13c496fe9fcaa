import { javaMajorVersion, requireJava } from './java-runtime';

describe('Java runtime', () => {
  it('reads the major version of modern and old-style java -version output', () => {
    expect(javaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajorVersion('java version "1.8.0_392"')).toBe(8);
    expect(javaMajorVersion('no version here')).toBeUndefined();
  });

  it('finds the machine java and accepts it', async () => {
    const { JAVA_HOME: _ignored, ...env } = process.env;
    expect((await requireJava(env)).major).toBeGreaterThanOrEqual(11);
  });

  it('names what to install when java is missing', async () => {
    await expect(requireJava({ JAVA_HOME: '/nonexistent-jdk' })).rejects.toThrow(
      /Java was not found \(\/nonexistent-jdk\/bin\/java\).*Install Java 17.*KAFKA_BROKERS/,
    );
  });
});
