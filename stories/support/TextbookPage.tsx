import type { Decorator } from '@storybook/react-vite';
import type { ReactNode } from 'react';

/** A page of the textbook behind the widget, so designers judge it in context. */
export function TextbookPage({ children }: { children?: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: 'var(--ifm-background-color)' }}>
      <main
        style={{
          maxWidth: 720,
          margin: '0 auto',
          padding: '32px 20px 120px',
          lineHeight: 1.65,
          color: 'var(--ifm-font-color-base)',
        }}
      >
        <h1 style={{ marginTop: 0 }}>ROS 2: The Robotic Nervous System</h1>
        <p>
          A humanoid robot is a distributed system: cameras, joint encoders, force sensors and motor
          controllers all run at their own rates. ROS 2 connects them as <em>nodes</em> that
          exchange typed messages over <em>topics</em>, call each other through <em>services</em>,
          and run long tasks as <em>actions</em>.
        </p>
        <h2>Nodes, topics and services</h2>
        <p>
          A node is one process with one job, such as publishing joint states at 500 Hz. Topics
          carry streams of messages from publishers to any number of subscribers, with quality of
          service settings that trade reliability for latency.
        </p>
        <p>
          Services are request and response calls for short work; actions add feedback and
          cancellation for long work such as walking to a waypoint.
        </p>
      </main>
      {children}
    </div>
  );
}

export const withTextbookPage: Decorator = (Story) => (
  <TextbookPage>
    <Story />
  </TextbookPage>
);
