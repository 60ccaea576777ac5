import type { ReactNode } from 'react';
import Link from '@docusaurus/Link';
import Translate, { translate } from '@docusaurus/Translate';
import useBaseUrl from '@docusaurus/useBaseUrl';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import ThemedImage from '@theme/ThemedImage';
import styles from './index.module.css';

type Module = {
  number: number;
  title: string;
  summary: string;
  to: string;
};

// Built inside the component so translate() runs with the page's locale.
function useModules(): Module[] {
  return [
    {
      number: 1,
      title: translate({
        id: 'home.modules.ros2.title',
        message: 'ROS 2: The Robotic Nervous System',
      }),
      summary: translate({
        id: 'home.modules.ros2.summary',
        message:
          'Nodes, topics, services and actions with rclpy; describing the body in URDF and tracking it with TF.',
      }),
      to: '/docs/ros2/overview',
    },
    {
      number: 2,
      title: translate({
        id: 'home.modules.digitalTwins.title',
        message: 'Digital Twins and Simulation',
      }),
      summary: translate({
        id: 'home.modules.digitalTwins.summary',
        message:
          'Gazebo physics and sensors, Unity for human–robot interaction, and simulated LiDAR, depth and IMU data.',
      }),
      to: '/docs/digital-twins/overview',
    },
    {
      number: 3,
      title: translate({
        id: 'home.modules.isaac.title',
        message: 'The AI Robot Brain: NVIDIA Isaac',
      }),
      summary: translate({
        id: 'home.modules.isaac.summary',
        message:
          'Isaac Sim and synthetic data, GPU-accelerated Isaac ROS, visual SLAM, and Nav2 for a walking robot.',
      }),
      to: '/docs/isaac/overview',
    },
    {
      number: 4,
      title: translate({
        id: 'home.modules.vla.title',
        message: 'Vision-Language-Action',
      }),
      summary: translate({
        id: 'home.modules.vla.summary',
        message:
          'Whisper voice commands, LLM plans turned into ROS\u00a02 actions, and the autonomous humanoid capstone.',
      }),
      to: '/docs/vla/overview',
    },
  ];
}

function Hero(): ReactNode {
  return (
    <div className={styles.hero}>
      <div className={`container ${styles.heroInner}`}>
        <div className={styles.heroText}>
          <Heading as="h1" className={styles.heroTitle}>
            <Translate id="home.hero.title">Physical AI &amp; Humanoid Robotics</Translate>
          </Heading>
          <p className={styles.heroTagline}>
            <Translate id="home.hero.tagline">
              A textbook on embodied intelligence: robots that sense, reason and act in the real
              world.
            </Translate>
          </p>
          <Link className={`button button--primary button--lg ${styles.cta}`} to="/docs/intro">
            <Translate id="home.hero.cta">Start reading</Translate>
          </Link>
        </div>
        {/* Decorative: the title beside it already names the subject. */}
        <ThemedImage
          className={styles.heroMark}
          alt=""
          sources={{ light: useBaseUrl('/img/logo.svg'), dark: useBaseUrl('/img/logo-dark.svg') }}
        />
      </div>
    </div>
  );
}

function ModuleGrid(): ReactNode {
  const modules = useModules();
  return (
    <section className={styles.modules} aria-labelledby="modules-heading">
      <div className="container">
        <Heading as="h2" id="modules-heading" className={styles.modulesHeading}>
          <Translate id="home.modules.heading">Four modules, one humanoid</Translate>
        </Heading>
        <ul className={styles.grid}>
          {modules.map((module) => (
            <li key={module.to} className={styles.card}>
              <p className={styles.cardEyebrow}>
                <Translate id="home.modules.label" values={{ number: module.number }}>
                  {'Module {number}'}
                </Translate>
              </p>
              <Heading as="h3" className={styles.cardTitle}>
                <Link className={styles.cardLink} to={module.to}>
                  {module.title}
                </Link>
              </Heading>
              <p className={styles.cardSummary}>{module.summary}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export default function Home(): ReactNode {
  return (
    <Layout
      title={translate({ id: 'home.meta.title', message: 'Home' })}
      description={translate({
        id: 'home.meta.description',
        message:
          'An open textbook on Physical AI and humanoid robotics: ROS 2, simulation, NVIDIA Isaac and vision-language-action.',
      })}
    >
      <main>
        <Hero />
        <ModuleGrid />
      </main>
    </Layout>
  );
}
