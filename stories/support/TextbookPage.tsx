import type { Decorator } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { useLocale } from './locale';

/** The page's words in each of the textbook's languages (the toolbar's Locale picks one). */
const PAGE = {
  en: {
    title: 'ROS 2: The Robotic Nervous System',
    intro: (
      <>
        A humanoid robot is a distributed system: cameras, joint encoders, force sensors and motor
        controllers all run at their own rates. ROS 2 connects them as <em>nodes</em> that exchange
        typed messages over <em>topics</em>, call each other through <em>services</em>, and run long
        tasks as <em>actions</em>.
      </>
    ),
    heading: 'Nodes, topics and services',
    paragraphs: [
      'A node is one process with one job, such as publishing joint states at 500 Hz. Topics carry streams of messages from publishers to any number of subscribers, with quality of service settings that trade reliability for latency.',
      'Services are request and response calls for short work; actions add feedback and cancellation for long work such as walking to a waypoint.',
    ],
  },
  ur: {
    title: 'ROS 2: روبوٹ کا اعصابی نظام',
    intro: (
      <>
        ہیومنائیڈ روبوٹ ایک تقسیم شدہ نظام ہے: کیمرے، جوڑوں کے انکوڈر، قوت کے سینسر اور موٹر کنٹرولر
        سب اپنی اپنی رفتار سے چلتے ہیں۔ ROS 2 انہیں <em>نوڈز</em> کی صورت میں جوڑتا ہے جو{' '}
        <em>ٹاپکس</em> پر پیغامات بھیجتے ہیں۔
      </>
    ),
    heading: 'نوڈز، ٹاپکس اور سروسز',
    paragraphs: [
      'نوڈ ایک پروسیس ہے جس کا ایک ہی کام ہے، جیسے 500 ہرٹز پر جوڑوں کی حالت شائع کرنا۔',
      'سروسز مختصر کام کے لیے درخواست اور جواب ہیں؛ ایکشنز لمبے کام میں پیش رفت اور منسوخی کا اضافہ کرتے ہیں۔',
    ],
  },
};

/**
 * A page of the textbook behind the widget, so designers judge it in context. Its words follow
 * the toolbar's locale, as the site's pages do.
 */
export function TextbookPage({ children }: { children?: ReactNode }) {
  const page = PAGE[useLocale()];
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
        <h1 style={{ marginTop: 0 }}>{page.title}</h1>
        <p>{page.intro}</p>
        <h2>{page.heading}</h2>
        {page.paragraphs.map((text) => (
          <p key={text}>{text}</p>
        ))}
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
